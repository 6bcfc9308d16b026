// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static dev.jga.platform.linux.nativeapi.Downcalls.check;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

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

    private static final Linker.Option ERRNO = Downcalls.CAPTURE_ERRNO;

    // Each handle is bound on its first use, in a holder class of its own (package-private where
    // another reader of this package calls it on its own memory, so each C function has one
    // binding): binding spins a
    // downcall stub per signature (milliseconds each, interpreted, and not kept by JDK 25's AOT
    // cache), and a virtio-serial start needs only open, read, write and poll of them
    // (docs/performance.md, "Where the start time goes").

    /** open(const char *, int, ...): the mode is variadic. */
    static final class Open {
        static final MethodHandle HANDLE = Downcalls.bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT,
                JAVA_INT), ERRNO, Linker.Option.firstVariadicArg(2));
    }

    static final class Close {
        static final MethodHandle HANDLE = Downcalls.bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO);
    }

    static final class Read {
        static final MethodHandle HANDLE = Downcalls.bind("read",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO);
    }

    static final class Write {
        static final MethodHandle HANDLE = Downcalls.bind("write",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO);
    }

    private static final class Lseek {
        static final MethodHandle HANDLE = Downcalls.bind("lseek",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), ERRNO);
    }

    private static final class Fchmod {
        static final MethodHandle HANDLE = Downcalls.bind("fchmod",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
    }

    private static final class Unlink {
        static final MethodHandle HANDLE = Downcalls.bind("unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS), ERRNO);
    }

    /** fcntl(int, int, ...): the argument is variadic. */
    private static final class Fcntl {
        static final MethodHandle HANDLE = Downcalls.bind("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT), ERRNO, Linker.Option.firstVariadicArg(2));
    }

    private static final class Poll {
        static final MethodHandle HANDLE = Downcalls.bind("poll",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO);
    }

    private LibC() {}

    /** open(2); returns the new descriptor. */
    public static int open(String path, int flags, int mode) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int fd = (int) Open.HANDLE.invokeExact(state, Downcalls.cString(arena, path), flags, mode);
            if (fd < 0) {
                throw Downcalls.error(state, "open");
            }
            return fd;
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** close(2). Never retried: on Linux the descriptor is gone even when close reports EINTR. */
    public static void close(int fd) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) Close.HANDLE.invokeExact(state, fd);
            check(result, state, "close");
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** read(2) of at most {@link #MAX_TRANSFER} bytes into {@code buffer}; 0 means end of file. */
    public static int read(int fd, byte[] buffer, int offset, int length) throws SystemError {
        int wanted = Math.min(length, MAX_TRANSFER);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment data = arena.allocate(Math.max(wanted, 1));
            long n = (long) Read.HANDLE.invokeExact(state, fd, data, (long) wanted);
            if (n < 0) {
                throw Downcalls.error(state, "read");
            }
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, buffer, offset, (int) n);
            return (int) n;
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** write(2) of at most {@link #MAX_TRANSFER} bytes; returns how many the kernel took. */
    public static int write(int fd, byte[] buffer, int offset, int length) throws SystemError {
        int wanted = Math.min(length, MAX_TRANSFER);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment data = arena.allocate(Math.max(wanted, 1));
            MemorySegment.copy(buffer, offset, data, ValueLayout.JAVA_BYTE, 0, wanted);
            long n = (long) Write.HANDLE.invokeExact(state, fd, data, (long) wanted);
            if (n < 0) {
                throw Downcalls.error(state, "write");
            }
            return (int) n;
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** lseek(2); returns the new offset. */
    public static long lseek(int fd, long offset, int whence) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            long position = (long) Lseek.HANDLE.invokeExact(state, fd, offset, whence);
            if (position < 0) {
                throw Downcalls.error(state, "lseek");
            }
            return position;
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** fchmod(2): sets permission bits whatever the umask was at creation. */
    public static void fchmod(int fd, int mode) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) Fchmod.HANDLE.invokeExact(state, fd, mode);
            check(result, state, "fchmod");
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** unlink(2). */
    public static void unlink(String path) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) Unlink.HANDLE.invokeExact(state, Downcalls.cString(arena, path));
            check(result, state, "unlink");
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** fcntl(2) with an int argument (F_GETFL, F_SETFL, F_GETFD, F_SETFD); returns the call's value. */
    public static int fcntl(int fd, int command, int argument) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) Fcntl.HANDLE.invokeExact(state, fd, command, argument);
            check(result, state, "fcntl");
            return result;
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
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
            int ready = (int) Poll.HANDLE.invokeExact(state, pollfd, 1L, timeoutMillis);
            if (ready < 0 && Downcalls.errno(state) == LinuxConstants.EINTR) {
                return 0;
            }
            check(ready, state, "poll");
            return ready == 0 ? 0 : pollfd.get(JAVA_SHORT, 6);
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** The strerror text for {@code errno}, as qemu-ga would print it. */
    public static String strerror(int errno) {
        return Strerror.text(errno);
    }
}
