// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.exec;

import java.time.Duration;

/**
 * The wait between polls of a running program: 1 ms after anything happened, doubling while
 * nothing does, up to 100 ms. A short command finishes in a few milliseconds instead of the
 * 1 s Proxmox sleeps, and an idle one costs the agent ten requests a second instead of a hot loop.
 */
final class Backoff {

    /** The first wait after activity. */
    static final Duration FIRST = Duration.ofMillis(1);
    /** The longest wait between two polls. */
    static final Duration LONGEST = Duration.ofMillis(100);

    private long nanos = FIRST.toNanos();

    /** Something happened: poll again soon. */
    void reset() {
        nanos = FIRST.toNanos();
    }

    /** Nothing happened: wait, then wait longer next time. */
    void pause() {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        nanos = Math.min(nanos * 2, LONGEST.toNanos());
    }
}
