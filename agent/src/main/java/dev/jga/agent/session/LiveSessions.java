// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.session;

import dev.jga.agent.log.Log;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions being served on a socket channel, at most {@link #limit} at once. When a new host
 * connects while the table is full, the session that has been quiet longest is closed to make room:
 * a client that connected and went silent (or hung) must not lock the host out, which a plain
 * limit would do, while a live client (libvirt keeps one connection open for hours) is only ever
 * closed in favour of a newer one when the limit is really reached.
 */
public final class LiveSessions {

    private final int limit;
    private final Log log;
    private final Set<Session> live = ConcurrentHashMap.newKeySet();

    public LiveSessions(int limit, Log log) {
        this.limit = limit;
        this.log = log;
    }

    /** Registers {@code session}, first closing the quietest one if the table is full. */
    public synchronized void admit(Session session) {
        while (live.size() >= limit) {
            Optional<Session> quietest = live.stream().min(Comparator.comparingLong(Session::lastActivityNanos));
            if (quietest.isEmpty()) {
                break;
            }
            live.remove(quietest.get());
            log.info("closing the quietest of " + limit + " sessions to admit a new client: "
                    + quietest.get().describe());
            quietest.get().evict();
        }
        live.add(session);
    }

    public void leave(Session session) {
        live.remove(session);
    }

    public int size() {
        return live.size();
    }
}
