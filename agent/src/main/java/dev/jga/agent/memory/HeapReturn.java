// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.memory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

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
 */
final class HeapReturn {

    /** How long after the last large release the collection runs. */
    static final Duration SETTLE = Duration.ofMillis(500);
    /** How long after the first large release it runs even while releases go on. */
    static final Duration MAX_DELAY = Duration.ofSeconds(5);

    private final Runnable collect;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile long lastDueNanos;

    HeapReturn(Runnable collect) {
        this.collect = collect;
    }

    static HeapReturn shrinkingCollection() {
        return new HeapReturn(new ShrinkingCollection());
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
    }
}
