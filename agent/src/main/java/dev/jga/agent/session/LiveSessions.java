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
 * that has sent nothing but whitespace for {@link #EVICTABLE_AFTER}, or that has not been answered
 * for {@link #REQUEST_TIME_LIMIT} (a client trickling a request byte by byte). So clients that
 * connected and went silent, hung, or trickle cannot lock the host out, which a plain limit would
 * let them do, while a request being served is never cut off (nor its reply, unless the client
 * leaves it unread for {@link #REQUEST_TIME_LIMIT}), and a long-lived idle connection
 * (libvirt keeps one for hours) is closed only when the table is really full.
 */
public final class LiveSessions {

    /** How long a session must have been quiet before a new client may take its place. */
    public static final Duration EVICTABLE_AFTER = Duration.ofSeconds(5);
    /**
     * How long a session may go without a reply before a new client may take its place even though
     * it keeps sending: far more than any request needs to arrive over a socket (64 MiB, qemu's
     * largest, arrives in well under a second), far less than a host tool's reply timeout.
     */
    public static final Duration REQUEST_TIME_LIMIT = Duration.ofSeconds(30);
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
            long now = System.nanoTime();
            Optional<Session> quietest = live.stream().filter(s -> evictable(s, now))
                    .min(Comparator.comparingLong(Session::lastActivityNanos));
            if (quietest.isPresent()) {
                live.remove(quietest.get());
                log.info("closing " + quietest.get().describe() + ", quiet for over " + EVICTABLE_AFTER.toSeconds()
                        + " s or unanswered for over " + REQUEST_TIME_LIMIT.toSeconds()
                        + " s, to make room for a new client (" + limit + " sessions at most)");
                quietest.get().evict();
            } else {
                wait(RECHECK_MILLIS);
            }
        }
        live.add(session);
    }

    /**
     * Not while a request is served; while its reply is written only once the client has left it
     * unread for {@link #REQUEST_TIME_LIMIT}; otherwise when quiet or unanswered too long.
     */
    private static boolean evictable(Session session, long now) {
        if (session.serving()) {
            return false;
        }
        long replying = session.replyingSinceNanos();
        if (replying != 0) {
            return now - replying >= REQUEST_TIME_LIMIT.toNanos();
        }
        return now - session.lastActivityNanos() >= EVICTABLE_AFTER.toNanos()
                || now - session.lastReplyNanos() >= REQUEST_TIME_LIMIT.toNanos();
    }

    public synchronized void leave(Session session) {
        live.remove(session);
        notifyAll();
    }

    public synchronized int size() {
        return live.size();
    }
}
