// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A thread's native buffer and errno slot for {@link LibC#read} and {@link LibC#write}, made once
 * per thread. An arena per call allocated and zero-filled {@link LibC#MAX_TRANSFER} bytes for
 * every read(2) and write(2), and a virtio port moves at most a page per read
 * (drivers/char/virtio_console.c {@code fill_readbuf}) and 32 KiB per write, so a large request or
 * reply paid for clearing many times more memory than it moved. The buffer stays under glibc's
 * mmap threshold, as {@link LibC#MAX_TRANSFER} explains, and goes when its thread ends.
 */
final class TransferBuffer {

    private static final ThreadLocal<TransferBuffer> PER_THREAD = new ThreadLocal<>();

    final MemorySegment state;
    final MemorySegment data;

    private TransferBuffer() {
        Arena arena = Arena.ofAuto();
        state = Downcalls.callState(arena);
        data = arena.allocate(LibC.MAX_TRANSFER);
    }

    /** The calling thread's buffer, made on its first transfer. */
    static TransferBuffer mine() {
        TransferBuffer buffer = PER_THREAD.get();
        if (buffer == null) {
            buffer = new TransferBuffer();
            PER_THREAD.set(buffer);
        }
        return buffer;
    }
}
