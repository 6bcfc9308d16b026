// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.memory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Gives the heap a burst grew back to the system once the burst's buffers are released, and the
 * file pages the agent touched once it has gone quiet. The package's Serial collector shrinks the
 * heap only in a full collection, which nothing else runs in an idle agent, so without one the
 * memory would stay with the agent for good; one explicit {@link ShrinkingCollection} (with
 * {@code -XX:-ShrinkHeapInSteps} in {@code jvm.options}) returns it at once (docs/performance.md,
 * "JVM flags of the package").
 *
 * <p>The collection runs once large releases have stopped for {@link #SETTLE} (or at the latest
 * {@link #MAX_DELAY} after the first), on a short-lived thread of its own, not on the thread that
 * released: that thread, or the exec loop feeding a child's input, may still reach the buffer for
 * a moment (a collection there would find it live and return nothing), and in a burst the next
 * release follows soon. Nothing of this runs before the first large buffer is released, so a
 * start pays nothing for it.
 *
 * <p>A burst need not hold much at once to grow the heap: requests of a few MiB one after the
 * other each leave their buffers as garbage in the old generation, which Serial grows rather than
 * collect, and its full collections then keep it at a multiple of what is live. So a return is
 * also due when the committed heap has {@link #grown} by {@link #GROWTH} since the last one.
 *
 * <p>While the budget still holds more than {@link #BUSY_BYTES} (a capture filling up, a large
 * request being read), the collection waits, up to {@link #MAX_DELAY} all told: it would find
 * that memory live and return little, and the next buffers of the same burst would grow the heap
 * back through one young collection after another.
 *
 * <p>The file pages (the JVM's code, the AOT cache) that the start, the requests and the
 * collection itself mapped are unmapped after the collection only once no request has been
 * answered for {@link #QUIET}: a host that goes on talking would map most of them again at its
 * next requests, and on one vCPU that costs it what the unmapping saved. A session's end is
 * quiet at once (the host went away, and the agent may then sit idle for hours), so it unmaps
 * after {@link #SETTLE}, with a collection first only if the heap has grown by {@link #LEFT_GROWTH}:
 * a client that connects for one small command (a command-line tool, libvirt reconnecting) costs
 * no full collection.
 */
final class HeapReturn {

    /** How long after the last large release the collection runs. */
    static final Duration SETTLE = Duration.ofMillis(500);
    /** How long after the first large release it runs even while releases go on. */
    static final Duration MAX_DELAY = Duration.ofSeconds(5);
    /** How long no request must be answered before the file pages are unmapped after a burst. */
    static final Duration QUIET = Duration.ofSeconds(30);

    /** Growth of the committed heap since the last return from which another is due. */
    static final long GROWTH = 8L << 20;
    /**
     * Growth of the committed heap since the last collection from which a session's end collects:
     * young collections grow a small heap by a few hundred KiB now and then, not worth a full one.
     */
    static final long LEFT_GROWTH = 1L << 20;

    /** Memory the budget holds above which a burst is taken to be still going on. */
    static final long BUSY_BYTES = 1L << 20;

    private final Runnable collect;
    private final Runnable unmap;
    private final LongSupplier committedHeap;
    private final LongSupplier held;
    private final LongSupplier replies;
    private final Duration quiet;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean burst = new AtomicBoolean();
    private final AtomicBoolean hostLeft = new AtomicBoolean();
    /** Counts the returns started, so that one waiting for quiet gives way to a later one. */
    private final AtomicInteger returns = new AtomicInteger();
    private volatile long lastDueNanos;
    /** The committed heap after the last collection, or at start. */
    private volatile long baseline;

    /**
     * {@code held}: what the budget holds now; {@code replies}: a count of the replies written,
     * which stays the same while no request is served; {@code quiet}: {@link #QUIET}, shorter in tests.
     */
    HeapReturn(Runnable collect, Runnable unmap, LongSupplier committedHeap, LongSupplier held, LongSupplier replies,
            Duration quiet) {
        this.quiet = quiet;
        this.collect = collect;
        this.unmap = unmap;
        this.committedHeap = committedHeap;
        this.held = held;
        this.replies = replies;
        this.baseline = committedHeap.getAsLong();
    }

    /** Whether the committed heap has grown by {@link #GROWTH} since the last return (or start). */
    boolean grown() {
        return committedHeap.getAsLong() - baseline >= GROWTH;
    }

    /** Enough memory was given back: a collection follows soon, unless one is already waiting. */
    void due() {
        burst.set(true);
        schedule();
    }

    /** A session has ended: what it left goes back once it has settled, without waiting for quiet. */
    void hostLeft() {
        hostLeft.set(true);
        schedule();
    }

    private void schedule() {
        lastDueNanos = System.nanoTime();
        if (pending.compareAndSet(false, true)) {
            int number = returns.incrementAndGet();
            Thread.ofPlatform().daemon().name("heap-return").start(() -> returnAfterSettling(number));
        }
    }

    private void returnAfterSettling(int number) {
        long first = System.nanoTime();
        try {
            long wait;
            while ((wait = nextCheck(first)) > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.set(false);
        boolean left = hostLeft.getAndSet(false);
        if (burst.getAndSet(false) || committedHeap.getAsLong() - baseline >= LEFT_GROWTH) {
            collect.run();
            baseline = committedHeap.getAsLong();
        }
        if (left || quietAfter(number)) {
            unmap.run();
        }
    }

    /**
     * Waits until no reply has been written for {@code quiet}; false if a later return took over
     * (it unmaps in its turn) or the wait was interrupted.
     */
    private boolean quietAfter(int number) {
        long seen;
        do {
            seen = replies.getAsLong();
            try {
                Thread.sleep(quiet);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (returns.get() != number) {
                return false;
            }
        } while (replies.getAsLong() != seen);
        return true;
    }

    /** How long to wait before looking again; 0 or less: collect now. */
    private long nextCheck(long first) {
        long now = System.nanoTime();
        long latest = first + MAX_DELAY.toNanos() - now;
        long settling = lastDueNanos + SETTLE.toNanos() - now;
        if (settling <= 0 && held.getAsLong() > BUSY_BYTES) {
            settling = SETTLE.toNanos(); // a burst still holds memory: look again later
        }
        return Math.min(settling, latest);
    }
}
