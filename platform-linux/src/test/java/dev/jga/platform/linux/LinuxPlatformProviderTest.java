// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.agent.platform.Platform;
import dev.jga.agent.platform.PlatformProvider;
import org.junit.jupiter.api.Test;

class LinuxPlatformProviderTest {

    @Test
    void serviceLoaderFindsTheLinuxPlatformOnLinux() {
        assertThat(new LinuxPlatformProvider().supportsCurrentOs()).isTrue();
        assertThat(PlatformProvider.load()).get().extracting(Platform::name).isEqualTo("linux");
    }
}
