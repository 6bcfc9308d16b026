// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.session;

/**
 * Gives the heap a large message grew back to the system once it has been answered. A 47 MiB
 * guest-file-write arrives as a 63 MiB request and grows the heap to ~210 MB; the package's
 * Serial collector shrinks the heap only in a full collection, which nothing else would run in
 * an idle agent, so the memory would stay with the agent for good. One explicit collection after
 * such a message (with {@code -XX:-ShrinkHeapInSteps} and {@code MaxHeapFreeRatio} in
 * {@code jvm.options}) took the agent from 212 back to 52 MB at once (docs/performance.md,
 * "JVM flags of the package"). Messages below the threshold (every request libvirt or a
 * {@code jga cp} chunk sends) never pay for it.
 */
final class HeapReturn {

    /**
     * Request plus reply bytes from which a collection follows the reply: 8 MiB, twice the largest
     * chunk the host library moves per request (a 4 MiB read is a 5.3 MiB reply).
     */
    static final long LARGE_MESSAGE_BYTES = 8L << 20;

    private final Runnable collect;
    private long bytes;
    private boolean due;

    HeapReturn(Runnable collect) {
        this.collect = collect;
    }

    static HeapReturn systemGc() {
        return new HeapReturn(System::gc);
    }

    /** Counts bytes of the request being read or of its reply. */
    void count(long n) {
        bytes += n;
    }

    /** A reply was sent: a large exchange makes a collection due, and counting starts afresh. */
    void replied() {
        due |= bytes >= LARGE_MESSAGE_BYTES;
        bytes = 0;
    }

    /**
     * Collects if a large exchange was answered. Called between reads, when no frame holds the
     * request any more (a collection inside the reply path would find it still reachable).
     */
    void collectIfDue() {
        if (due) {
            due = false;
            collect.run();
        }
    }
}
