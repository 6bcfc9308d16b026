// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import dev.jga.agent.platform.OutputSink;
import dev.jga.protocol.json.MemoryAllowance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One captured stream of a guest-exec child (qemu: GuestExecIOData): at most
 * {@link #MAX_OUTPUT} bytes are kept; whatever comes after is read and dropped, and the stream
 * reports itself truncated. Unlike qemu-ga, "truncated" means exactly "bytes were dropped", so
 * exactly 16 MiB of output is never truncated (qemu's flag depends on a race there).
 *
 * <p>What is kept is taken from the captured output's share of the agent's memory budget
 * (dev.jga.agent.memory.MemoryBudget) as it grows, and given back once the status has been collected (or dropped uncollected). When the budget is exhausted, output is
 * truncated there exactly as at the 16 MiB cap: the rest is read and dropped and
 * {@code out-truncated}/{@code err-truncated} says so. The child is never made to wait: stopping
 * to read its pipe would block it in write(2), and a host that never collects an earlier child's
 * output would then hang every later one; qemu-ga's children are never blocked either.
 */
final class CapturedOutput implements OutputSink {

    /** GUEST_EXEC_MAX_OUTPUT: 16 MiB per stream. */
    static final int MAX_OUTPUT = 16 * 1024 * 1024;
    /**
     * GUEST_EXEC_IO_SIZE is qemu's 4 KiB growth step; the first block starts at that size and
     * doubles up to {@link #BLOCK}, so a quiet child costs 4 KiB, not 16 MiB.
     */
    static final int FIRST_CAPACITY = 4096;
    /**
     * Past its first MiB, output is kept in blocks of this size instead of one array that doubles:
     * growing then never copies what is kept, and 15 MB of output allocates about 16 MiB, not 32 MiB,
     * on the thread that serves every child's pipes (docs/performance.md: with a small heap, the
     * doubling made that thread wait on collections).
     */
    static final int BLOCK = 1024 * 1024;

    private static final byte[] NONE = new byte[0];

    /** Full blocks of {@link #BLOCK} bytes, in order; {@link #last} is being filled. */
    private final MemoryAllowance budget;
    private final List<byte[]> full = new ArrayList<>();
    private byte[] last = NONE;
    private int lastLength;
    private int length;
    private boolean truncated;
    private boolean ended;
    /** Bytes taken from {@link #budget} for the arrays held; 0 once released. */
    private long charged;
    private boolean released;

    CapturedOutput(MemoryAllowance budget) {
        this.budget = budget;
    }

    @Override
    public synchronized void accept(byte[] bytes, int offset, int count) {
        int kept = Math.min(count, MAX_OUTPUT - length);
        if (kept < count) {
            truncated = true;
        }
        while (kept > 0) {
            if (lastLength == last.length && !makeRoom(kept)) {
                truncated = true;
                return;
            }
            int n = Math.min(kept, last.length - lastLength);
            System.arraycopy(bytes, offset, last, lastLength, n);
            offset += n;
            kept -= n;
            lastLength += n;
            length += n;
        }
    }

    /**
     * The last block is full: it grows (the first, up to a block) or a new block starts; false
     * when the budget refuses the memory (or it was released: the status has been collected).
     */
    private boolean makeRoom(int wanted) {
        int size = last.length == BLOCK ? BLOCK : Math.min(BLOCK, Math.max(FIRST_CAPACITY, Math.max(2 * last.length, lastLength + wanted)));
        if (released || !budget.reserve(size)) {
            return false;
        }
        charged += size;
        if (last.length == BLOCK) {
            full.add(last);
            last = new byte[BLOCK];
            lastLength = 0;
        } else {
            charged -= last.length;
            budget.release(last.length);
            last = Arrays.copyOf(last, size);
        }
        return true;
    }

    /** The status was collected or dropped: what is kept goes back to the budget. */
    synchronized void release() {
        if (!released) {
            released = true;
            budget.release(charged);
            charged = 0;
        }
    }

    @Override
    public synchronized void end() {
        ended = true;
    }

    /** The exec loop failed before the child closed the stream: what came after is lost, so truncated. */
    @Override
    public synchronized void cutOff() {
        truncated = true;
        ended = true;
    }

    synchronized boolean ended() {
        return ended;
    }

    synchronized int length() {
        return length;
    }

    synchronized boolean truncated() {
        return truncated;
    }

    /**
     * The bytes kept from {@code offset} on ({@code __dev.jga_out-offset}), copied: reading never
     * removes anything, so a reply lost on the way can be asked for again from the same offset.
     */
    synchronized byte[] window(int offset) {
        if (offset < 0 || offset > length) {
            throw new IndexOutOfBoundsException("offset " + offset + " of " + length);
        }
        byte[] window = new byte[length - offset];
        int at = 0;
        int skip = offset;
        for (byte[] block : full) {
            at = copyFrom(block, block.length, skip, window, at);
            skip = Math.max(0, skip - block.length);
        }
        copyFrom(last, lastLength, skip, window, at);
        return window;
    }

    private static int copyFrom(byte[] block, int used, int skip, byte[] target, int at) {
        if (skip >= used) {
            return at;
        }
        System.arraycopy(block, skip, target, at, used - skip);
        return at + used - skip;
    }

    /** The bytes kept, in one array: the block itself when one block holds them exactly. */
    synchronized byte[] bytes() {
        if (full.isEmpty() && lastLength == last.length) {
            return last;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] block : full) {
            System.arraycopy(block, 0, all, at, block.length);
            at += block.length;
        }
        System.arraycopy(last, 0, all, at, lastLength);
        return all;
    }
}
