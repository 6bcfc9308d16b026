// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;


import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * FIFREEZE and FITHAW (ioctl_fsfreeze(2) / Documentation/filesystems/vfs.rst freeze_fs): on a
 * descriptor of any directory of a filesystem, they suspend and resume writes to the whole
 * filesystem. Each FIFREEZE needs its FITHAW; a FITHAW of a filesystem that is not frozen fails
 * with EINVAL.
 */
public final class FilesystemIoctls {

    private FilesystemIoctls() {}

    /** FIFREEZE on the filesystem {@code fd} is on. */
    public static void freeze(int fd) throws SystemError {
        ioctl(fd, LinuxConstants.FIFREEZE, "ioctl(FIFREEZE)");
    }

    /** FITHAW on the filesystem {@code fd} is on. */
    public static void thaw(int fd) throws SystemError {
        ioctl(fd, LinuxConstants.FITHAW, "ioctl(FITHAW)");
    }

    private static void ioctl(int fd, long request, String call) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) Syscall.call(state, Syscall.IOCTL, fd, request, 0); // the kernel ignores the argument
            if (result < 0) {
                throw Downcalls.error(state, call);
            }
        }
    }
}
