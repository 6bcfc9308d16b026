// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Every kernel call of the bindings goes through glibc's {@code long syscall(long number, ...)}
 * (syscall(2)): one downcall shape for read, write, openat, close, ppoll, epoll, pipe2, eventfd2,
 * wait4, kill, pidfd_open and the rest, where a binding per C function would cost a downcall stub
 * and its method-handle classes per distinct signature, generated at run time on the first call
 * (JDK 25's AOT cache keeps none of them). glibc's wrappers of these calls only pass their
 * arguments on and turn a result in [-4095, -1] into -1 and errno, which syscall(2) does too
 * (sysdeps/unix/sysv/linux/x86_64/syscall.S, .../aarch64/syscall.S).
 *
 * <p>The call is always made with six arguments after the number, unused ones 0: glibc's
 * x86-64 syscall reads its sixth argument from the stack whether or not the caller passed it,
 * and the kernel ignores the registers a call does not use. Every argument is a {@code long}
 * (pointers as their address, ints sign-extended), which is what syscall(2) reads them as: on
 * x86-64 and aarch64 a pointer and a long are the same 64-bit integer argument, and the kernel's
 * syscall entry casts each register to the type the call declares (include/linux/syscalls.h,
 * __SC_CAST), so an int argument is its low 32 bits.
 *
 * <p>syscall is variadic after the number, so the handle is linked with
 * {@link Linker.Option#firstVariadicArg(int) firstVariadicArg(1)}: the System V AMD64 psABI
 * (§3.5.7, variable argument lists) has the caller set {@code %al} to an upper bound of the
 * vector registers used, which FFM's linker does only for a function linked as variadic
 * (jdk.internal.foreign.abi.x64.sysv.CallArranger); AAPCS64 on Linux passes variadic arguments
 * as named ones. Only longs are passed, so no default argument promotion applies.
 *
 * <p>Numbers: arch/x86/entry/syscalls/syscall_64.tbl for x86-64, and the generic table
 * include/uapi/asm-generic/unistd.h for aarch64 and riscv64, which lack open, poll, epoll_wait,
 * unlink and eventfd: so openat(AT_FDCWD, ...), ppoll, epoll_pwait, unlinkat and eventfd2 are
 * used on all, as glibc's own wrappers do.
 */
final class Syscall {

    /** x86-64's own table and layouts; else the generic ones of aarch64 and riscv64. */
    static final boolean X86_64 = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> true;
        case "aarch64", "riscv64" -> false;
        default -> throw new UnsatisfiedLinkError("no syscall numbers for " + System.getProperty("os.arch"));
    };

    static final long READ = number(0, 63);
    static final long WRITE = number(1, 64);
    static final long CLOSE = number(3, 57);
    static final long FSTAT = number(5, 80);
    static final long LSEEK = number(8, 62);
    static final long IOCTL = number(16, 29);
    static final long PREAD64 = number(17, 67);
    static final long MADVISE = number(28, 233);
    static final long SOCKET = number(41, 198);
    static final long SHUTDOWN = number(48, 210);
    static final long BIND = number(49, 200);
    static final long LISTEN = number(50, 201);
    static final long GETSOCKOPT = number(55, 209);
    static final long WAIT4 = number(61, 260);
    static final long KILL = number(62, 129);
    static final long FCNTL = number(72, 25);
    static final long FCHMOD = number(91, 52);
    static final long EPOLL_CTL = number(233, 21);
    static final long OPENAT = number(257, 56);
    static final long UNLINKAT = number(263, 35);
    static final long PPOLL = number(271, 73);
    static final long EPOLL_PWAIT = number(281, 22);
    static final long ACCEPT4 = number(288, 242);
    static final long EVENTFD2 = number(290, 19);
    static final long EPOLL_CREATE1 = number(291, 20);
    static final long PIPE2 = number(293, 59);
    static final long PIDFD_OPEN = number(434, 434);

    /** openat's directory for a path relative to the working directory, as open(2) means it (fcntl.h). */
    static final long AT_FDCWD = -100;

    /** long syscall(long number, long, long, long, long, long, long), errno captured. */
    private static final MethodHandle SYSCALL = Downcalls.shape(
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                    JAVA_LONG),
            Downcalls.CAPTURE_ERRNO, Linker.Option.firstVariadicArg(1));
    private static final MemorySegment FUNCTION = Downcalls.symbol("syscall");

    private Syscall() {}

    private static long number(long x8664, long generic) {
        return X86_64 ? x8664 : generic;
    }

    /** The call's result, or -1 with its errno in {@code state} ({@link Downcalls#callState}). */
    static long call(MemorySegment state, long number, long a, long b, long c, long d, long e, long f) {
        try {
            return (long) SYSCALL.invokeExact(FUNCTION, state, number, a, b, c, d, e, f);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /**
     * Calls the C function at {@code function}, which takes up to six integer or pointer
     * arguments and returns an int, through the syscall handle: a call of a new signature would
     * cost its own downcall stub and method-handle classes on first use, generated at run time
     * (the posix_spawn family added four to the first guest-exec). The handle passes its seven
     * longs (the last one 0 here) as the first seven INTEGER arguments of the System V AMD64
     * psABI (§3.2.3: six registers, then the stack), of AAPCS64 (x0–x7) and of the RISC-V LP64
     * ABI (a0–a7). A function that takes fewer ignores the rest, which its caller removes (all
     * three ABIs leave the stack to the caller), and it is not variadic: the only difference the
     * variadic link makes is x86-64's {@code %al}, which such a callee never reads. Ints go as
     * sign-extended longs, whose low 32 bits are what the callee reads ({@link Syscall} above);
     * the int result is the low 32 bits of the returned register, as the cast keeps.
     */
    static int function(MemorySegment function, MemorySegment state, long a, long b, long c, long d, long e,
            long f) {
        try {
            return (int) (long) SYSCALL.invokeExact(function, state, a, b, c, d, e, f, 0L);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** The room {@link #poll} needs for its timeout: struct timespec, two longs on 64-bit Linux. */
    static final long TIMESPEC_SIZE = 16;

    /**
     * poll(2) with poll's timeout ({@code timeoutMillis}, negative: no limit), made as
     * ppoll(fds, count, timeout, NULL, 0), which the generic table has instead of poll, as glibc's
     * poll does there (sysdeps/unix/sysv/linux/poll.c); with no signal mask the kernel does not
     * look at the mask's size (fs/select.c, set_user_sigmask). {@code timespec}: room of
     * {@link #TIMESPEC_SIZE} bytes, which the kernel may overwrite. The count ready, or -1.
     */
    static int poll(MemorySegment state, MemorySegment pollfds, long count, int timeoutMillis,
            MemorySegment timespec) {
        long timeout = 0; // NULL: wait until an event or a signal
        if (timeoutMillis >= 0) {
            timespec.set(JAVA_LONG, 0, timeoutMillis / 1000);
            timespec.set(JAVA_LONG, 8, timeoutMillis % 1000 * 1_000_000L);
            timeout = timespec.address();
        }
        return (int) call(state, PPOLL, pollfds.address(), count, timeout, 0, 0);
    }

    static long call(MemorySegment state, long number, long a) {
        return call(state, number, a, 0, 0, 0, 0, 0);
    }

    static long call(MemorySegment state, long number, long a, long b) {
        return call(state, number, a, b, 0, 0, 0, 0);
    }

    static long call(MemorySegment state, long number, long a, long b, long c) {
        return call(state, number, a, b, c, 0, 0, 0);
    }

    static long call(MemorySegment state, long number, long a, long b, long c, long d) {
        return call(state, number, a, b, c, d, 0, 0);
    }

    static long call(MemorySegment state, long number, long a, long b, long c, long d, long e) {
        return call(state, number, a, b, c, d, e, 0);
    }
}
