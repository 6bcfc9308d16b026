// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.memory;

import static dev.jga.protocol.wire.Messages.MEMORY_EXHAUSTED;

import dev.jga.agent.log.Log;
import dev.jga.agent.platform.MappedFiles;
import dev.jga.protocol.json.MemoryAllowance;
import dev.jga.protocol.wire.QgaError;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The one budget that every buffer a host can make the agent hold is taken from: requests being
 * read and parsed, guest-file-read buffers until their reply is written, input-data until its
 * child exits, captured output until its status is collected, the out-data copy of a status
 * reply. A request that would go over it is refused with qemu-ga's out-of-memory text
 * ({@link dev.jga.protocol.wire.Messages#MEMORY_EXHAUSTED}) and nothing else is touched, where
 * without it many large requests at once would each get half the heap and together an
 * OutOfMemoryError.
 *
 * <p>The budget is the heap's maximum less a {@link #reserveFor reserve} for everything it does not
 * count (the agent's own objects, buffers of 64 KiB and less, transient copies) and for the
 * collector: with the Serial collector the package uses, large arrays must fit in the old
 * generation, two thirds of the heap (NewRatio=2, HotSpot's default), so the reserve is a third
 * of the heap plus {@link #RESERVE_FLOOR}. docs/compatibility.md, "Limits", lists the figures.
 *
 * <p>Memory given back is also what triggers {@link HeapReturn}: after a burst, the heap the
 * burst grew is returned to the system. A release is where a burst may have ended, so it is also
 * where the heap's growth is checked.
 */
public final class MemoryBudget implements MemoryAllowance {

    /** Held back from the budget in addition to the young generation's third of the heap. */
    public static final long RESERVE_FLOOR = 24L << 20;
    /** Memory given back since the last collection from which a collection is due (see {@link HeapReturn}). */
    static final long RETURN_AFTER_BYTES = 8L << 20;

    private final long size;
    private final HeapReturn heapReturn;
    private final ThreadLocal<long[]> heldForReply = new ThreadLocal<>();
    private long used;
    private long highWater;
    /** Replies written; a lost update between two sessions' threads still changes it. */
    private volatile long replies;

    private MemoryBudget(long size, Runnable collect, Runnable unmap, LongSupplier committedHeap, Duration quiet) {
        this.size = size;
        this.heapReturn = new HeapReturn(collect, unmap, committedHeap, this::used, () -> replies, quiet);
    }

    /**
     * The budget of this JVM: {@link Runtime#maxMemory()} less {@link #reserveFor}. Each return is a
     * {@link ShrinkingCollection}, and then, once the agent is quiet, unmaps the clean pages of
     * {@code files}, if the platform has them: the start, the requests and the collection (which
     * walks the class data of every loaded class) map the JVM's code and the AOT cache's pages.
     */
    public static MemoryBudget ofHeap(Optional<MappedFiles> files, Log log) {
        Runtime runtime = Runtime.getRuntime();
        long heap = runtime.maxMemory();
        Runnable unmap = files.<Runnable>map(mapped -> new Unmapping(mapped, log)).orElse(() -> {});
        return new MemoryBudget(Math.max(0, heap - reserveFor(heap)), new ShrinkingCollection(), unmap,
                runtime::totalMemory, HeapReturn.QUIET);
    }

    /** The part of a heap of {@code heap} bytes the budget leaves alone (see the class comment). */
    public static long reserveFor(long heap) {
        return heap / 3 + RESERVE_FLOOR;
    }

    /** A budget of {@code size} bytes whose returns run {@code collect}, for tests. */
    public static MemoryBudget of(long size, Runnable collect) {
        return of(size, collect, () -> {}, () -> 0, HeapReturn.QUIET);
    }

    /**
     * As {@link #of(long, Runnable)}, with returns that unmap through {@code unmap} once no reply
     * has been written for {@code quiet}, and the committed heap read from {@code committedHeap}.
     */
    static MemoryBudget of(long size, Runnable collect, Runnable unmap, LongSupplier committedHeap, Duration quiet) {
        return new MemoryBudget(size, collect, unmap, committedHeap, quiet);
    }

    public long size() {
        return size;
    }

    public synchronized long used() {
        return used;
    }

    @Override
    public synchronized boolean reserve(long bytes) {
        if (bytes > size - used) {
            return false;
        }
        used += bytes;
        highWater = Math.max(highWater, used);
        return true;
    }

    @Override
    public void release(long bytes) {
        boolean returnDue;
        synchronized (this) {
            used -= bytes;
            returnDue = highWater - used >= RETURN_AFTER_BYTES;
            if (returnDue) {
                highWater = used;
            }
        }
        if (returnDue || heapReturn.grown()) {
            heapReturn.due();
        }
    }

    /**
     * A session has ended: the host went away, and what its requests left (in the heap, and the
     * pages they and the start touched) goes back once it has settled.
     */
    public void sessionEnded() {
        heapReturn.hostLeft();
    }

    /**
     * A part of this budget that one kind of buffer may take at most, so that it can never take
     * all of it: captured output nobody collects must leave room for the requests that collect it.
     */
    public MemoryAllowance share(long limit) {
        return new MemoryAllowance() {
            private long taken;

            @Override
            public boolean reserve(long bytes) {
                synchronized (this) {
                    if (bytes > limit - taken || !MemoryBudget.this.reserve(bytes)) {
                        return false;
                    }
                    taken += bytes;
                    return true;
                }
            }

            @Override
            public void release(long bytes) {
                synchronized (this) {
                    taken -= bytes;
                }
                MemoryBudget.this.release(bytes);
            }
        };
    }

    /** As {@link #reserve}, refusing the request with qemu-ga's out-of-memory error. */
    public void take(long bytes) {
        if (!reserve(bytes)) {
            throw QgaError.generic(MEMORY_EXHAUSTED);
        }
    }

    /**
     * Takes {@code bytes} for the reply the calling session thread is about to write (a read's
     * buffer, a status's out-data); {@link #replied} gives them back once it is written.
     */
    public void holdUntilReplied(long bytes) {
        take(bytes);
        long[] held = heldForReply.get();
        if (held == null) {
            held = new long[1];
            heldForReply.set(held);
        }
        held[0] += bytes;
    }

    /**
     * As {@link #holdUntilReplied}, never refusing: for bytes that replace others the budget
     * already counts and that are about to be released (a collected status's output, copied
     * into its reply).
     */
    public void moveToReply(long bytes) {
        synchronized (this) {
            used += bytes;
        }
        long[] held = heldForReply.get();
        if (held == null) {
            held = new long[1];
            heldForReply.set(held);
        }
        held[0] += bytes;
    }

    /** The calling session thread's reply has been written (or could not be). */
    public void replied() {
        replies++;
        long[] held = heldForReply.get();
        if (held != null && held[0] != 0) {
            long bytes = held[0];
            held[0] = 0;
            release(bytes);
        }
    }
}
