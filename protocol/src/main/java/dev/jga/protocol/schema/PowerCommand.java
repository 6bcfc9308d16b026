// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

import java.util.Optional;

/**
 * Powering the guest down and suspending it. None of these answers on success ('success-response':
 * false): the guest is going away, and a reply could not be relied on. A failure is answered.
 */
public sealed interface PowerCommand<R> extends Command<R> {

    /** {@code mode} is "halt", "powerdown" (the default) or "reboot"; checked by the command, not the schema. */
    @Qapi(name = "guest-shutdown", since = "0.15.0", successResponse = false,
            doc = "Halts, powers down (the default) or reboots the guest; no reply on success.")
    record Shutdown(Optional<String> mode) implements PowerCommand<Empty> {}

    @Qapi(name = "guest-suspend-disk", since = "1.1", successResponse = false,
            doc = "Suspends the guest to disk (hibernation) through systemd, pm-utils or /sys/power/state; no reply on success.")
    record SuspendDisk() implements PowerCommand<Empty> {}

    @Qapi(name = "guest-suspend-ram", since = "1.1", successResponse = false,
            doc = "Suspends the guest to RAM through systemd, pm-utils or /sys/power/state; no reply on success.")
    record SuspendRam() implements PowerCommand<Empty> {}

    @Qapi(name = "guest-suspend-hybrid", since = "1.1", successResponse = false,
            doc = "Saves the guest to disk and suspends it to RAM, through systemd or pm-utils; no reply on success.")
    record SuspendHybrid() implements PowerCommand<Empty> {}
}
