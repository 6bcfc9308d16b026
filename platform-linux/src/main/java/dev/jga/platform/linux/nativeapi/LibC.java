// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static dev.jga.platform.linux.nativeapi.Downcalls.check;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The libc file-descriptor calls the platform needs, each bound once. Callers pass and get Java
 * values; a failed call throws {@link SystemError} with errno and strerror text, so qemu-ga's
 * messages can be reproduced. Nothing here retries or interprets errno: that policy belongs to
 * the callers (EAGAIN means "nothing now" for a file handle but "wait" for a channel).
 */
public final class LibC {

    /**
     * The most bytes one read or write call moves through its temporary native buffer. Bounds the
     * off-heap memory a single call uses; callers loop (guest-file-read asks for up to 48 MiB).
     * Below glibc's initial mmap threshold (128 KiB, M_MMAP_THRESHOLD in mallopt(3)), so the
     * buffer comes from malloc's arena and goes back to it: a larger one is mmap'ed, and freeing
     * it raises the threshold to its size and the trim threshold to twice that, after which every
     * thread's arena keeps that much free memory for good (malloc_trim(3) does not trim the top
     * of a thread's arena).
     */
    public static final int MAX_TRANSFER = 64 * 1024;

    // Every call goes through Syscall's one downcall shape: a binding per C function would spin a
    // downcall stub per signature on its first call (interpreted, and not kept by JDK 25's AOT
    // cache; docs/performance.md, "Where the cold time goes in the guest").

    private LibC() {}

    /** open(2), as openat(AT_FDCWD, ...) like glibc's open; returns the new descriptor. */
    public static int open(String path, int flags, int mode) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int fd = (int) Syscall.call(state, Syscall.OPENAT, Syscall.AT_FDCWD,
                    Downcalls.cString(arena, path).address(), flags, mode);
            if (fd < 0) {
                throw Downcalls.error(state, "open");
            }
            return fd;
        }
    }

    /** close(2). Never retried: on Linux the descriptor is gone even when close reports EINTR. */
    public static void close(int fd) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) Syscall.call(state, Syscall.CLOSE, fd);
            check(result, state, "close");
        }
    }

    /** read(2) of at most {@link #MAX_TRANSFER} bytes into {@code buffer}; 0 means end of file. */
    public static int read(int fd, byte[] buffer, int offset, int length) throws SystemError {
        int wanted = Math.min(length, MAX_TRANSFER);
        TransferBuffer transfer = TransferBuffer.mine();
        long n = Syscall.call(transfer.state, Syscall.READ, fd, transfer.data.address(), wanted);
        if (n < 0) {
            throw Downcalls.error(transfer.state, "read");
        }
        MemorySegment.copy(transfer.data, ValueLayout.JAVA_BYTE, 0, buffer, offset, (int) n);
        return (int) n;
    }

    /**
     * write(2) of at most {@link #MAX_TRANSFER} bytes; returns how many the kernel took. The bytes
     * are copied to native memory once, and written again from there while the kernel takes part
     * of them: a virtio port takes at most 32 KiB per write (drivers/char/virtio_console.c
     * {@code port_fops_write}), and copying the rest again on the next call would move every byte
     * of a large reply twice. A failure after some bytes went out returns their count: the next
     * call reports it.
     */
    public static int write(int fd, byte[] buffer, int offset, int length) throws SystemError {
        int wanted = Math.min(length, MAX_TRANSFER);
        TransferBuffer transfer = TransferBuffer.mine();
        MemorySegment.copy(buffer, offset, transfer.data, ValueLayout.JAVA_BYTE, 0, wanted);
        int written = 0;
        do {
            long n = Syscall.call(transfer.state, Syscall.WRITE, fd, transfer.data.address() + written,
                    wanted - written);
            if (n < 0 && written == 0) {
                throw Downcalls.error(transfer.state, "write");
            }
            if (n <= 0) {
                break;
            }
            written += (int) n;
        } while (written < wanted);
        return written;
    }

    /** sizeof(struct stat): 144 bytes on x86-64, 128 in the generic layout (aarch64, riscv64). */
    private static final long STAT_SIZE = 144;
    /** st_size's offset, 48 in both layouts (arch/x86/include/uapi/asm/stat.h, include/uapi/asm-generic/stat.h). */
    private static final long STAT_SIZE_OFFSET = 48;
    /** st_mode's offset: 24 on x86-64 (after a 64-bit st_nlink), 16 in the generic layout. */
    private static final long STAT_MODE_OFFSET = Syscall.X86_64 ? 24 : 16;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;

    /** fstat(2)'s st_size when {@code fd} is a regular file, else -1 (a pipe, device or socket). */
    public static long regularFileSize(int fd) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment stat = arena.allocate(STAT_SIZE, 8);
            check((int) Syscall.call(state, Syscall.FSTAT, fd, stat.address()), state, "fstat");
            boolean regular = (stat.get(JAVA_INT, STAT_MODE_OFFSET) & S_IFMT) == S_IFREG;
            return regular ? stat.get(ValueLayout.JAVA_LONG, STAT_SIZE_OFFSET) : -1;
        }
    }

    /** lseek(2); returns the new offset. */
    public static long lseek(int fd, long offset, int whence) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            long position = Syscall.call(state, Syscall.LSEEK, fd, offset, whence);
            if (position < 0) {
                throw Downcalls.error(state, "lseek");
            }
            return position;
        }
    }

    /** fchmod(2): sets permission bits whatever the umask was at creation. */
    public static void fchmod(int fd, int mode) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) Syscall.call(state, Syscall.FCHMOD, fd, mode);
            check(result, state, "fchmod");
        }
    }

    /** unlink(2), as unlinkat(AT_FDCWD, path, 0). */
    public static void unlink(String path) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) Syscall.call(state, Syscall.UNLINKAT, Syscall.AT_FDCWD,
                    Downcalls.cString(arena, path).address(), 0);
            check(result, state, "unlink");
        }
    }

    /** fcntl(2) with an int argument (F_GETFL, F_SETFL, F_GETFD, F_SETFD); returns the call's value. */
    public static int fcntl(int fd, int command, int argument) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) Syscall.call(state, Syscall.FCNTL, fd, command, argument);
            check(result, state, "fcntl");
            return result;
        }
    }

    /**
     * poll(2) on one descriptor: the returned events ({@code revents}), or 0 when the timeout
     * passed or a signal interrupted the wait (callers loop anyway, so EINTR needs no special case).
     */
    public static short poll(int fd, short events, int timeoutMillis) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment pollfd = arena.allocate(8, 4); // struct pollfd { int fd; short events, revents; }
            pollfd.set(JAVA_INT, 0, fd);
            pollfd.set(JAVA_SHORT, 4, events);
            int ready = Syscall.poll(state, pollfd, 1, timeoutMillis, arena.allocate(Syscall.TIMESPEC_SIZE, 8));
            if (ready < 0 && Downcalls.errno(state) == LinuxConstants.EINTR) {
                return 0;
            }
            check(ready, state, "poll");
            return ready == 0 ? 0 : pollfd.get(JAVA_SHORT, 6);
        }
    }

    /** The strerror text for {@code errno}, as qemu-ga would print it. */
    public static String strerror(int errno) {
        return Strerror.text(errno);
    }
}
