// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import dev.jga.agent.platform.Platform;
import dev.jga.agent.platform.PlatformProvider;

/** Offers {@link LinuxPlatform} to the agent's ServiceLoader when the JVM runs on Linux. */
public final class LinuxPlatformProvider implements PlatformProvider {

    @Override
    public boolean supportsCurrentOs() {
        return System.getProperty("os.name", "").equals("Linux");
    }

    @Override
    public Platform create() {
        return new LinuxPlatform();
    }
}
