// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Filesystem-wide calls: statvfs(3) for guest-get-fsinfo's sizes, and the FITRIM ioctl
 * (linux/fs.h, {@code _IOWR('X', 121, struct fstrim_range)}) for guest-fstrim. The JDK's
 * FileStore would give the same sizes but looks the path up in the mount table on each call.
 * {@code struct statvfs} on 64-bit glibc: f_bsize 0, f_frsize 8, f_blocks 16, f_bfree 24,
 * f_bavail 32, 112 bytes in all; {@code struct fstrim_range} is start, len, minlen (u64 each).
 */
public final class FileSystemCalls {

    /** The sizes guest-get-fsinfo reports, in fragments of {@code fragmentSize} bytes. */
    public record Usage(long fragmentSize, long blocks, long free, long available) {}

    /** FITRIM's answer: bytes trimmed, and the minimum extent the filesystem used. */
    public record Trimmed(long length, long minimum) {}

    private static final long STATVFS_SIZE = 112;
    private static final long FITRIM = 0xC0185879L;

    private static final class Statvfs {
        static final MethodHandle HANDLE = Downcalls.bind("statvfs",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), Downcalls.CAPTURE_ERRNO);
    }

    private FileSystemCalls() {}

    /** statvfs(3) of the filesystem holding {@code path}. */
    public static Usage statvfs(String path) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment buffer = arena.allocate(STATVFS_SIZE, 8);
            if ((int) Statvfs.HANDLE.invokeExact(state, Downcalls.cString(arena, path), buffer) < 0) {
                throw Downcalls.error(state, "statvfs");
            }
            return new Usage(buffer.get(JAVA_LONG, 8), buffer.get(JAVA_LONG, 16), buffer.get(JAVA_LONG, 24),
                    buffer.get(JAVA_LONG, 32));
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** FITRIM on the open directory {@code fd}: the whole filesystem, extents of at least {@code minimum} bytes. */
    public static Trimmed trim(int fd, long minimum) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment range = arena.allocate(24, 8);
            range.set(JAVA_LONG, 0, 0L);
            range.set(JAVA_LONG, 8, -1L);
            range.set(JAVA_LONG, 16, minimum);
            if ((int) Syscall.call(state, Syscall.IOCTL, fd, FITRIM, range.address()) < 0) {
                throw Downcalls.error(state, "ioctl(FITRIM)");
            }
            return new Trimmed(range.get(JAVA_LONG, 8), range.get(JAVA_LONG, 16));
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }
}
