// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** madvise(2) on the process's own mappings, through {@link Syscall}'s one downcall shape. */
public final class Madvise {

    /** MADV_DONTNEED (asm-generic/mman-common.h): a private file mapping's pages refault from the file. */
    public static final int DONTNEED = 4;

    private Madvise() {}

    /** madvise(2) of {@code length} bytes at {@code address} (page-aligned, as /proc/PID/maps gives them). */
    public static void advise(long address, long length, int advice) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) Syscall.call(state, Syscall.MADVISE, address, length, advice);
            Downcalls.check(result, state, "madvise");
        }
    }
}
