// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.memory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gives the heap a burst grew back to the system once the burst's buffers are released. The
 * package's Serial collector shrinks the heap only in a full collection, which nothing else runs
 * in an idle agent, so without one the memory would stay with the agent for good; one explicit
 * collection (with {@code -XX:-ShrinkHeapInSteps} in {@code jvm.options}) returns it at once
 * (docs/performance.md, "JVM flags of the package").
 *
 * <p>The collection runs {@link #SETTLE} after the release that made it due, on a short-lived
 * thread of its own, not on the thread that released: that thread, or the exec loop feeding a
 * child's input, may still reach the buffer for a moment (a collection there would find it live
 * and return nothing). Releases during the wait share the one collection. Nothing of this runs
 * before the first large buffer is released, so a start pays nothing for it.
 */
final class HeapReturn {

    /** How long after a large release the collection runs. */
    static final Duration SETTLE = Duration.ofMillis(500);

    private final Runnable collect;
    private final AtomicBoolean pending = new AtomicBoolean();

    HeapReturn(Runnable collect) {
        this.collect = collect;
    }

    static HeapReturn systemGc() {
        return new HeapReturn(System::gc);
    }

    /** Enough memory was given back: a collection follows soon, unless one is already waiting. */
    void due() {
        if (pending.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("heap-return").start(this::collectAfterSettling);
        }
    }

    private void collectAfterSettling() {
        try {
            Thread.sleep(SETTLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.set(false);
        collect.run();
    }
}
