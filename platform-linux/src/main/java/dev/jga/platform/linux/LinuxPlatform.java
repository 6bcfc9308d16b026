// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import dev.jga.agent.platform.FileAccess;
import dev.jga.agent.platform.Platform;
import dev.jga.agent.transport.Transport;
import java.io.IOException;
import java.util.Optional;

/**
 * Linux, through libc via the FFM API: the capabilities qemu-ga's commands-posix.c and
 * channel-posix.c provide, with qemu's flags and error texts.
 */
public final class LinuxPlatform implements Platform {

    private final FileAccess files = new LinuxFileAccess();

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public FileAccess files() {
        return files;
    }

    @Override
    public Optional<Transport> openChannel(String method, String path) throws IOException {
        return Optional.empty();
    }
}
