// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import java.time.Duration;

/**
 * When a guest-exec-status waits for the child's exit before it answers (ExecEntry's
 * {@code awaitExitIfPolledAgain}): only for a host that asks again within {@link #AGAIN} of
 * hearing that the child runs, and for at most {@link #HOLD}. The answer is the one the host
 * would have had from the first poll after the exit; a child still running after the hold is
 * reported running, as qemu-ga would report it (docs/compatibility.md).
 */
final class StatusHold {

    /** A poll this soon after the last "running" comes from a host polling without pause. */
    static final Duration AGAIN = Duration.ofMillis(10);
    /** The longest a status waits: such a host then polls at most 50 times a second. */
    static final Duration HOLD = Duration.ofMillis(20);

    private StatusHold() {}
}
