// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.session;

import dev.jga.agent.log.Log;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The sessions being served on a socket channel, at most {@link #limit} at once. A new host
 * connection beyond the limit waits for a place; if none frees up, it takes the place of a session
 * that has been quiet for {@link #EVICTABLE_AFTER}. So a client that connected and went silent (or
 * hung) cannot lock the host out, which a plain limit would do, while busy clients are never cut
 * off, and a long-lived idle one (libvirt keeps one connection for hours) is closed only when
 * the table is really full.
 */
public final class LiveSessions {

    /** How long a session must have been quiet before a new client may take its place. */
    public static final Duration EVICTABLE_AFTER = Duration.ofSeconds(5);
    private static final long RECHECK_MILLIS = 100;

    private final int limit;
    private final Log log;
    private final Set<Session> live = new HashSet<>();

    public LiveSessions(int limit, Log log) {
        this.limit = limit;
        this.log = log;
    }

    /** Registers {@code session} once there is a place for it (see the class comment). */
    public synchronized void admit(Session session) throws InterruptedException {
        while (live.size() >= limit) {
            Optional<Session> quietest = live.stream().min(Comparator.comparingLong(Session::lastActivityNanos));
            if (quietest.isPresent()
                    && System.nanoTime() - quietest.get().lastActivityNanos() >= EVICTABLE_AFTER.toNanos()) {
                live.remove(quietest.get());
                log.info("closing " + quietest.get().describe() + ", quiet for over " + EVICTABLE_AFTER.toSeconds()
                        + " s, to make room for a new client (" + limit + " sessions at most)");
                quietest.get().evict();
            } else {
                wait(RECHECK_MILLIS);
            }
        }
        live.add(session);
    }

    public synchronized void leave(Session session) {
        live.remove(session);
        notifyAll();
    }

    public synchronized int size() {
        return live.size();
    }
}
