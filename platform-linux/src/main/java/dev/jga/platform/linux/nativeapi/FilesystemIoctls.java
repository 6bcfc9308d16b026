// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * FIFREEZE and FITHAW (ioctl_fsfreeze(2) / Documentation/filesystems/vfs.rst freeze_fs): on a
 * descriptor of any directory of a filesystem, they suspend and resume writes to the whole
 * filesystem. Each FIFREEZE needs its FITHAW; a FITHAW of a filesystem that is not frozen fails
 * with EINVAL.
 */
public final class FilesystemIoctls {

    /** ioctl(int, unsigned long, ...): the argument is variadic (the kernel ignores it for these). */
    private static final class Ioctl {
        static final MethodHandle HANDLE = Downcalls.bind("ioctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT), Downcalls.CAPTURE_ERRNO,
                Linker.Option.firstVariadicArg(2));
    }

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
            int result = (int) Ioctl.HANDLE.invokeExact(state, fd, request, 0);
            if (result < 0) {
                throw Downcalls.error(state, call);
            }
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }
}
