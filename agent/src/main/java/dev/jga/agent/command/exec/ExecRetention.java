// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import static dev.jga.protocol.wire.Messages.EXEC_PID_NOT_FOUND;
import static dev.jga.protocol.wire.Messages.EXEC_STATUS_DROPPED;

import dev.jga.protocol.wire.QgaError;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long a status read with {@code __dev.jga_keep} stays ({@code --exec-retention}), and why a
 * status the agent let go of is gone: a host that asks after a drop learns which limit dropped
 * it instead of a bare "does not exist". The reasons are remembered for the last
 * {@link #REMEMBERED} drops only, so this bound holds whatever the host does.
 */
final class ExecRetention {

    /** Default of --exec-retention: 300 s, VMware Tools' time for exited programs (vixTools.c). */
    static final Duration DEFAULT = Duration.ofSeconds(300);
    /** How many dropped pids keep their reason. */
    static final int REMEMBERED = 1024;

    private final Duration retention;
    private final Map<Long, String> dropped = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    ExecRetention(Duration retention) {
        this.retention = retention;
    }

    /** When an exited entry first read with keep at {@code now} is to go. */
    long keptUntil(long now) {
        return now + retention.toNanos();
    }

    String retentionOver() {
        return "when its retention of " + retention.toSeconds() + " s (--exec-retention) ran out";
    }

    /** Remembers that {@code pid}'s status was dropped, and why ("at the limit of …"). */
    void dropped(long pid, String why) {
        dropped.put(pid, why);
    }

    /** A new child has this pid: earlier drops no longer explain it. */
    void started(long pid) {
        dropped.remove(pid);
    }

    /** The error for a pid with no entry. */
    QgaError missing(long pid) {
        String why = dropped.get(pid);
        return why == null ? QgaError.generic(EXEC_PID_NOT_FOUND, pid) : QgaError.generic(EXEC_STATUS_DROPPED, pid, why);
    }
}
