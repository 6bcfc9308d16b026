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
 * madvise(2) on the process's own mappings. Bound with poll(2)'s descriptor (a pointer, a
 * length, an int), so it shares poll's downcall stub instead of spinning one of its own.
 */
public final class Madvise {

    /** MADV_DONTNEED (asm-generic/mman-common.h): a private file mapping's pages refault from the file. */
    public static final int DONTNEED = 4;

    private static final class Call {
        static final MethodHandle HANDLE = Downcalls.bind("madvise",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), Downcalls.CAPTURE_ERRNO);
    }

    private Madvise() {}

    /** madvise(2) of {@code length} bytes at {@code address} (page-aligned, as /proc/PID/maps gives them). */
    public static void advise(long address, long length, int advice) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) Call.HANDLE.invokeExact(state, MemorySegment.ofAddress(address), length, advice);
            Downcalls.check(result, state, "madvise");
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }
}
