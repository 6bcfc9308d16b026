// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.dispatch;

import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Which commands may run, decided in one pure method as qemu's ga_command_is_allowed (9.1+):
 * the allow-list if there is one, then the block-list, then the frozen state, which overrides both
 * and leaves only the commands that are safe while filesystems are frozen.
 */
public record CommandPolicy(Optional<Set<String>> allow, Set<String> block, BooleanSupplier frozen) {

    /** The commands that stay enabled while frozen (qga/main.c ga_freeze_allowlist). */
    public static final Set<String> FREEZE_ALLOWLIST = Set.of(
            "guest-ping", "guest-info", "guest-sync", "guest-sync-delimited",
            "guest-fsfreeze-status", "guest-fsfreeze-thaw");

    public CommandPolicy {
        allow = allow.map(Set::copyOf);
        block = Set.copyOf(block);
    }

    /** Everything allowed, never frozen. */
    public static CommandPolicy allowAll() {
        return new CommandPolicy(Optional.empty(), Set.of(), () -> false);
    }

    public boolean allows(String command) {
        boolean allowed = allow.map(names -> names.contains(command)).orElse(true);
        if (block.contains(command)) {
            allowed = false;
        }
        if (frozen.getAsBoolean()) {
            allowed = FREEZE_ALLOWLIST.contains(command);
        }
        return allowed;
    }
}
