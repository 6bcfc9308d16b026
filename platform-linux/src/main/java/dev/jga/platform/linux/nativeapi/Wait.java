// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static dev.jga.platform.linux.nativeapi.ProcessConstants.WNOHANG;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.OptionalInt;

/**
 * Learning that a child exited and reaping it, for our own pids only: never {@code waitpid(-1)},
 * which would steal the children of the JDK's own process reaper.
 */
public final class Wait {

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
                // glibc's waitpid is wait4 with no rusage (sysdeps/unix/sysv/linux/waitpid.c)
                int result = (int) Syscall.call(state, Syscall.WAIT4, pid, status.address(), WNOHANG, 0);
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
        }
    }

    /** kill(2); a negative {@code pid} signals that process group. */
    public static void kill(int pid, int signal) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) Syscall.call(state, Syscall.KILL, pid, signal);
            if (result < 0) {
                throw Downcalls.error(state, "kill");
            }
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
            long fd = Syscall.call(state, Syscall.PIDFD_OPEN, pid, 0);
            if (fd < 0) {
                throw Downcalls.error(state, "pidfd_open");
            }
            return (int) fd;
        }
    }
}
