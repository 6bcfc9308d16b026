// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static dev.jga.platform.linux.nativeapi.ProcessConstants.SYS_PIDFD_OPEN;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.WNOHANG;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.OptionalInt;

/**
 * Learning that a child exited and reaping it, for our own pids only: never {@code waitpid(-1)},
 * which would steal the children of the JDK's own process reaper.
 */
public final class Wait {

    private static final Linker.Option ERRNO = Downcalls.CAPTURE_ERRNO;
    private static final MethodHandle WAITPID = Downcalls.bind("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle KILL = Downcalls.bind("kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
    /** long syscall(long number, ...): every argument after the number is variadic and read as a long. */
    private static final MethodHandle SYSCALL = Downcalls.bind("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), ERRNO, Linker.Option.firstVariadicArg(1));

    private Wait() {}

    /**
     * waitpid({@code pid}, WNOHANG): the raw wait status once the child has exited (it is then
     * reaped), empty while it runs. ECHILD (not our child, or already reaped) is a {@link SystemError}.
     */
    public static OptionalInt reap(int pid) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment status = arena.allocate(JAVA_INT);
            while (true) {
                int result = (int) WAITPID.invokeExact(state, pid, status, WNOHANG);
                if (result > 0) {
                    return OptionalInt.of(status.get(JAVA_INT, 0));
                }
                if (result == 0) {
                    return OptionalInt.empty();
                }
                if (Downcalls.errno(state) != LinuxConstants.EINTR) {
                    throw Downcalls.error(state, "waitpid");
                }
            }
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** kill(2); a negative {@code pid} signals that process group. */
    public static void kill(int pid, int signal) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) KILL.invokeExact(state, pid, signal);
            if (result < 0) {
                throw Downcalls.error(state, "kill");
            }
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /**
     * pidfd_open(2) (Linux ≥ 5.3): a descriptor that polls readable once {@code pid} exits, so
     * child exits join the same poll set as the pipes. It works on a zombie, so there is no race
     * with a child that exits before this is called, as long as nobody reaped it. ENOSYS on older
     * kernels. The descriptor is close-on-exec.
     */
    public static int pidfdOpen(int pid) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            long fd = (long) SYSCALL.invokeExact(state, SYS_PIDFD_OPEN, (long) pid, 0L);
            if (fd < 0) {
                throw Downcalls.error(state, "pidfd_open");
            }
            return (int) fd;
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }
}
