// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A small kernel file (sysfs, procfs, udev's database) read whole with open(2), read(2) until end
 * of file and close(2), the calls qemu-ga's readers make. The JDK's streams add an fstat, an
 * lseek and a cleaner to each file and an exception to each missing one; guest-get-disks reads
 * dozens of such files on every poll.
 */
public final class WholeFile {

    /** What a read gives before it grows its buffer: a sysfs attribute is at most a page. */
    private static final int FIRST_BUFFER = 4096;

    private WholeFile() {}

    /** The file's first {@code maxBytes} bytes; a failed open or read throws with its errno. */
    public static byte[] read(String path, int maxBytes) throws SystemError {
        return read(path, maxBytes, true);
    }

    /** As {@link #read}, but null when the file cannot be opened or read, with no exception made. */
    public static byte[] readIfPresent(String path, int maxBytes) {
        try {
            return read(path, maxBytes, false);
        } catch (SystemError cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    private static byte[] read(String path, int maxBytes, boolean throwing) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int fd = (int) Syscall.call(state, Syscall.OPENAT, Syscall.AT_FDCWD, Downcalls.cString(arena, path).address(),
                    LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC);
            if (fd < 0) {
                return failed(state, "open", throwing);
            }
            try {
                byte[] bytes = readAll(arena, state, fd, maxBytes);
                return bytes != null ? bytes : failed(state, "read", throwing);
            } finally {
                Syscall.call(state, Syscall.CLOSE, fd);
            }
        }
    }

    private static byte[] failed(MemorySegment state, String call, boolean throwing) throws SystemError {
        if (throwing) {
            throw Downcalls.error(state, call);
        }
        return null;
    }

    /** Up to {@code maxBytes} bytes to end of file; null when a read fails (errno is in {@code state}). */
    private static byte[] readAll(Arena arena, MemorySegment state, int fd, int maxBytes) {
        MemorySegment buffer = arena.allocate(Math.min(FIRST_BUFFER, Math.max(maxBytes, 1)));
        long total = 0;
        while (total < maxBytes) {
            if (total == buffer.byteSize()) {
                MemorySegment larger = arena.allocate(Math.min(buffer.byteSize() * 4, maxBytes));
                MemorySegment.copy(buffer, 0, larger, 0, total);
                buffer = larger;
            }
            long n = Syscall.call(state, Syscall.READ, fd, buffer.address() + total, buffer.byteSize() - total);
            if (n < 0) {
                return null;
            }
            if (n == 0) {
                break;
            }
            total += n;
        }
        return buffer.asSlice(0, total).toArray(JAVA_BYTE);
    }
}
