// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.memory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Gives the heap a burst grew back to the system once the burst's buffers are released. The
 * package's Serial collector shrinks the heap only in a full collection, which nothing else runs
 * in an idle agent, so without one the memory would stay with the agent for good; one explicit
 * {@link ShrinkingCollection} (with {@code -XX:-ShrinkHeapInSteps} in {@code jvm.options}) returns
 * it at once (docs/performance.md, "JVM flags of the package").
 *
 * <p>The collection runs once large releases have stopped for {@link #SETTLE} (or at the latest
 * {@link #MAX_DELAY} after the first), on a short-lived thread of its own, not on the thread that
 * released: that thread, or the exec loop feeding a child's input, may still reach the buffer for
 * a moment (a collection there would find it live and return nothing), and in a burst the next
 * release follows soon. Nothing of this runs before the first large buffer is released, so a
 * start pays nothing for it.
 *
 * <p>A session's end is due too (the host went away): after it the agent may sit idle for hours,
 * with what the session's requests left in the heap and the file pages that the start and the
 * collections mapped (the JVM's code, the AOT cache), which the return unmaps after its collection.
 *
 * <p>A burst need not hold much at once to grow the heap: requests of a few MiB one after the
 * other each leave their buffers as garbage in the old generation, which Serial grows rather than
 * collect, and its full collections then keep it at a multiple of what is live. So a return is
 * also due when the committed heap has {@link #grown} by {@link #GROWTH} since the last one.
 */
final class HeapReturn {

    /** How long after the last large release the collection runs. */
    static final Duration SETTLE = Duration.ofMillis(500);
    /** How long after the first large release it runs even while releases go on. */
    static final Duration MAX_DELAY = Duration.ofSeconds(5);

    /** Growth of the committed heap since the last return from which another is due. */
    static final long GROWTH = 8L << 20;

    private final Runnable collect;
    private final LongSupplier committedHeap;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile long lastDueNanos;
    /** The committed heap after the last return, or at start. */
    private volatile long baseline;

    HeapReturn(Runnable collect, LongSupplier committedHeap) {
        this.collect = collect;
        this.committedHeap = committedHeap;
        this.baseline = committedHeap.getAsLong();
    }

    /**
     * A {@link ShrinkingCollection} followed by {@code afterwards}: the collection walks the class
     * data of every loaded class, which maps the AOT cache's pages again.
     */
    static HeapReturn shrinkingCollection(Runnable afterwards) {
        Runtime runtime = Runtime.getRuntime();
        ShrinkingCollection collection = new ShrinkingCollection();
        return new HeapReturn(() -> {
            collection.run();
            afterwards.run();
        }, runtime::totalMemory);
    }

    /** Whether the committed heap has grown by {@link #GROWTH} since the last return (or start). */
    boolean grown() {
        return committedHeap.getAsLong() - baseline >= GROWTH;
    }

    /** Enough memory was given back: a collection follows soon, unless one is already waiting. */
    void due() {
        lastDueNanos = System.nanoTime();
        if (pending.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("heap-return").start(this::collectAfterSettling);
        }
    }

    private void collectAfterSettling() {
        long first = System.nanoTime();
        try {
            long wait;
            while ((wait = Math.min(lastDueNanos + SETTLE.toNanos(), first + MAX_DELAY.toNanos()) - System.nanoTime()) > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.set(false);
        collect.run();
        baseline = committedHeap.getAsLong();
    }
}
