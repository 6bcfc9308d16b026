// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.power;

import java.util.Optional;

/**
 * qga/commands-linux.c SuspendMode, with each mechanism's name for it: the systemd unit and verb,
 * pm-utils' option and program, and the word for /sys/power/state (none for hybrid).
 */
enum SuspendMode {
    DISK("systemd-hibernate", "hibernate", "--hibernate", "pm-hibernate", Optional.of("disk")),
    RAM("systemd-suspend", "suspend", "--suspend", "pm-suspend", Optional.of("mem")),
    HYBRID("systemd-hybrid-sleep", "hybrid-sleep", "--suspend-hybrid", "pm-suspend-hybrid", Optional.empty());

    final String systemdUnit;
    final String systemctlVerb;
    final String pmIsSupportedOption;
    final String pmProgram;
    final Optional<String> sysState;

    SuspendMode(String systemdUnit, String systemctlVerb, String pmIsSupportedOption, String pmProgram,
            Optional<String> sysState) {
        this.systemdUnit = systemdUnit;
        this.systemctlVerb = systemctlVerb;
        this.pmIsSupportedOption = pmIsSupportedOption;
        this.pmProgram = pmProgram;
        this.sysState = sysState;
    }
}
