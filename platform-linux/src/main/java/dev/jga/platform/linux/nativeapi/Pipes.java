// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** pipe2(2) and eventfd(2): the descriptors a child's streams and the exec loop's wake-up are made of. */
public final class Pipes {

    private static final MethodHandle PIPE2 = Downcalls.bind("pipe2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Downcalls.CAPTURE_ERRNO);
    private static final MethodHandle EVENTFD = Downcalls.bind("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), Downcalls.CAPTURE_ERRNO);

    private Pipes() {}

    /** A pipe: {@code [0]} the read end, {@code [1]} the write end, both with {@code flags} (O_CLOEXEC, O_NONBLOCK). */
    public static int[] pipe(int flags) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int result = (int) PIPE2.invokeExact(state, fds, flags);
            if (result < 0) {
                throw Downcalls.error(state, "pipe2");
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** An eventfd counter starting at 0 with {@code flags} (EFD_NONBLOCK, EFD_CLOEXEC). */
    public static int eventfd(int flags) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int fd = (int) EVENTFD.invokeExact(state, 0, flags);
            if (fd < 0) {
                throw Downcalls.error(state, "eventfd");
            }
            return fd;
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }
}
