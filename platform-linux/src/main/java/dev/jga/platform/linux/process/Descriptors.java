// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_NONBLOCK;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.F_GETFL;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.F_SETFL;

import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.LibC;

/** Small descriptor chores the launcher and the loop share. */
final class Descriptors {

    private Descriptors() {}

    /** Closes {@code fd} if it is one; there is nobody to tell when closing a pipe end fails. */
    static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                LibC.close(fd);
            } catch (SystemError ignored) {
                // close(2) on Linux frees the descriptor even when it reports an error
            }
        }
    }

    static void setNonBlocking(int fd) throws SystemError {
        int flags = LibC.fcntl(fd, F_GETFL, 0);
        LibC.fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    }
}
