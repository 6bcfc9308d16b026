// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** pipe2(2) and eventfd(2): the descriptors a child's streams and the exec loop's wake-up are made of. */
public final class Pipes {

    private Pipes() {}

    /** A pipe: {@code [0]} the read end, {@code [1]} the write end, both with {@code flags} (O_CLOEXEC, O_NONBLOCK). */
    public static int[] pipe(int flags) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int result = (int) Syscall.call(state, Syscall.PIPE2, fds.address(), flags);
            if (result < 0) {
                throw Downcalls.error(state, "pipe2");
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        }
    }

    /** An eventfd counter starting at 0 with {@code flags} (EFD_NONBLOCK, EFD_CLOEXEC). */
    public static int eventfd(int flags) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int fd = (int) Syscall.call(state, Syscall.EVENTFD2, 0, flags); // glibc's eventfd is eventfd2
            if (fd < 0) {
                throw Downcalls.error(state, "eventfd");
            }
            return fd;
        }
    }
}
