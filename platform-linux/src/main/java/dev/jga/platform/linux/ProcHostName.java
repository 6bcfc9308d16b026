// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_CLOEXEC;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_RDONLY;

import dev.jga.agent.platform.HostName;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.LibC;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The host name from {@code proc/sys/kernel/hostname} under a root directory ({@code /} on a
 * running system, a fixture tree in tests). The kernel serves that file from the same UTS
 * namespace field, {@code nodename}, that gethostname(2) copies out, so it reads what qemu-ga's
 * gethostname call reads (proc(5), /proc/sys/kernel/hostname; uname(2)).
 */
final class ProcHostName implements HostName {

    /** HOST_NAME_MAX (64, limits.h) plus the newline the kernel appends. */
    private static final int MAX_LENGTH = 65;

    private final String file;

    ProcHostName(Path root) {
        this.file = root.resolve("proc/sys/kernel/hostname").toString();
    }

    @Override
    public String read() throws SystemError {
        int fd = LibC.open(file, O_RDONLY | O_CLOEXEC, 0);
        try {
            byte[] buffer = new byte[MAX_LENGTH];
            int length = 0;
            for (int n; length < MAX_LENGTH && (n = LibC.read(fd, buffer, length, MAX_LENGTH - length)) > 0; ) {
                length += n;
            }
            if (length > 0 && buffer[length - 1] == '\n') {
                length--;
            }
            return new String(buffer, 0, length, StandardCharsets.UTF_8);
        } finally {
            LibC.close(fd);
        }
    }
}
