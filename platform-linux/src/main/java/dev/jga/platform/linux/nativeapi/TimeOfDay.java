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

/** settimeofday(2), as qga/commands-posix.c qmp_guest_set_time calls it (no time zone). */
public final class TimeOfDay {

    private static final class Set {
        static final MethodHandle HANDLE = Downcalls.bind("settimeofday",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), Downcalls.CAPTURE_ERRNO);
    }

    private TimeOfDay() {}

    /** Sets the system clock; a struct timeval is two longs on 64-bit Linux. */
    public static void set(long seconds, long microseconds) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment timeval = arena.allocate(JAVA_LONG, 2);
            timeval.setAtIndex(JAVA_LONG, 0, seconds);
            timeval.setAtIndex(JAVA_LONG, 1, microseconds);
            int result;
            try {
                result = (int) Set.HANDLE.invokeExact(state, timeval, MemorySegment.NULL);
            } catch (Throwable t) {
                throw Downcalls.unexpected(t);
            }
            if (result < 0) {
                throw Downcalls.error(state, "settimeofday");
            }
        }
    }
}
