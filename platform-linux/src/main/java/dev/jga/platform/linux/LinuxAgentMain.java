// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import dev.jga.agent.Main;
import java.util.Optional;

/**
 * {@code jga-agent} on Linux: the agent's {@link Main} with the Linux platform named here instead
 * of found by {@code ServiceLoader}. The service lookup scans every jar of the class path for a
 * service file, and opening the jars is the first thing that touches them at all (the AOT cache
 * holds the classes): a few milliseconds before the first reply (docs/performance.md). The
 * launchers ({@code bin/jga-agent}, the package's {@code /usr/sbin/jga-agent}) start this class;
 * {@link Main#main(String[])} still finds any platform on the class path.
 */
public final class LinuxAgentMain {

    private LinuxAgentMain() {}

    public static void main(String[] args) {
        LinuxPlatformProvider linux = new LinuxPlatformProvider();
        Main.main(args, () -> linux.supportsCurrentOs() ? Optional.of(linux.create()) : Optional.empty());
    }
}
