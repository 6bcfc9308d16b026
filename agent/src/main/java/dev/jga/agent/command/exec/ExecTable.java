// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import dev.jga.agent.log.Log;
import dev.jga.agent.memory.MemoryBudget;
import dev.jga.protocol.schema.ExecCommand.GuestExecChild;
import dev.jga.protocol.schema.ExecCommand.GuestExecStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The started children the host may still ask about (qemu: guest_exec_state.processes). An entry
 * is removed once it has been reported exited, as in qemu-ga. Lookup is by pid, oldest first, as
 * qemu's list search is, for the rare pid reused while an old entry waits.
 *
 * <p>qemu-ga keeps entries nobody asks about forever. jga bounds them: past
 * {@link #MAX_UNREPORTED} finished entries, or half the {@link MemoryBudget} in output held by
 * finished entries, the oldest finished entries are dropped (with a warning in the log), and
 * asking about them then gets "PID N does not exist: its status was dropped at the limit of …".
 * Running children are never dropped. So output nobody collects can take at most half the budget
 * away from new requests. An entry read with {@code __dev.jga_keep} once it has exited stays for
 * the retention time ({@link ExecRetention}), within the same bounds.
 */
final class ExecTable {

    /** At most this many exited children whose status nobody has collected are kept. */
    static final int MAX_UNREPORTED = 1024;
    private final Log log;
    private final ExecRetention retention;
    private final MemoryBudget budget;
    /** At most this many bytes of captured output are kept for exited, uncollected children. */
    private final long maxUnreportedOutput;
    private final LinkedHashSet<ExecEntry> entries = new LinkedHashSet<>();
    private final Map<Long, ArrayDeque<ExecEntry>> byPid = new HashMap<>();
    /** How many entries are kept for their retention time (read with keep once exited). */
    private int kept;

    ExecTable(Log log, MemoryBudget budget) {
        this(log, new ExecRetention(ExecRetention.DEFAULT), budget);
    }

    ExecTable(Log log, ExecRetention retention, MemoryBudget budget) {
        this.log = log;
        this.retention = retention;
        this.budget = budget;
        this.maxUnreportedOutput = budget.size() / 2;
    }

    synchronized void add(ExecEntry entry) {
        expireKept();
        evictUncollected();
        entries.add(entry);
        retention.started(entry.pid());
        byPid.computeIfAbsent(entry.pid(), pid -> new ArrayDeque<>()).addLast(entry);
    }

    /** The status of child {@code pid}; an entry reported exited is forgotten. */
    synchronized GuestExecStatus report(long pid) {
        return report(pid, false, Optional.empty(), Optional.empty());
    }

    /**
     * The status of child {@code pid}, its output from the offsets given; an entry reported exited
     * is forgotten unless {@code keep}, which keeps it for the retention time from the first such read.
     */
    synchronized GuestExecStatus report(long pid, boolean keep, Optional<Long> outOffset, Optional<Long> errOffset) {
        ExecEntry entry = entry(pid);
        outOffset.ifPresent(offset -> entry.checkOffset("__dev.jga_out-offset", true, offset));
        errOffset.ifPresent(offset -> entry.checkOffset("__dev.jga_err-offset", false, offset));
        if (entry.finished()) {
            // out-data and err-data are copied for the reply: the copy counts until it is written
            budget.moveToReply(entry.retainedBytes());
        }
        GuestExecStatus status = entry.report(outOffset, errOffset);
        if (status.exited()) {
            if (keep) {
                if (!entry.kept()) {
                    kept++;
                }
                entry.keepUntil(retention.keptUntil(System.nanoTime()));
            } else {
                remove(entry);
            }
        }
        return status;
    }

    /** The oldest entry with {@code pid}; none is the error guest-exec-status gives. */
    synchronized ExecEntry entry(long pid) {
        expireKept();
        ArrayDeque<ExecEntry> matches = byPid.get(pid);
        if (matches == null) {
            throw retention.missing(pid);
        }
        return matches.peekFirst();
    }

    /** Every entry, oldest first, as {@code __dev.jga_guest-exec-list} shows them. */
    synchronized List<GuestExecChild> list() {
        expireKept();
        return entries.stream().map(ExecEntry::listed).toList();
    }

    /**
     * Drops the kept entries whose retention has run out. Runs on every exec and status request,
     * so with no entry kept (the usual case) it only reads a count.
     */
    private void expireKept() {
        if (kept == 0) {
            return;
        }
        long now = System.nanoTime();
        List<ExecEntry> over = new ArrayList<>();
        for (ExecEntry entry : entries) {
            if (entry.retentionOver(now)) {
                over.add(entry);
            }
        }
        for (ExecEntry entry : over) {
            remove(entry);
            retention.dropped(entry.pid(), retention.retentionOver());
        }
    }

    synchronized int size() {
        return entries.size();
    }

    /** Makes room for one more finished entry within both bounds, dropping the oldest finished first. */
    private void evictUncollected() {
        List<ExecEntry> finished = new ArrayList<>();
        long bytes = 0;
        for (ExecEntry entry : entries) {
            if (entry.finished()) {
                finished.add(entry);
                bytes += entry.retainedBytes();
            }
        }
        Iterator<ExecEntry> oldest = finished.iterator();
        int count = finished.size();
        while (oldest.hasNext() && (count >= MAX_UNREPORTED || bytes > maxUnreportedOutput)) {
            ExecEntry entry = oldest.next();
            remove(entry);
            retention.dropped(entry.pid(), count >= MAX_UNREPORTED
                    ? "at the limit of " + MAX_UNREPORTED + " exited children whose status was not collected"
                    : "at the limit of " + maxUnreportedOutput + " bytes of output held for exited children");
            count--;
            bytes -= entry.retainedBytes();
            log.warning("guest-exec: dropped the status of pid " + entry.pid() + ", never collected (limit "
                    + MAX_UNREPORTED + " entries / " + maxUnreportedOutput + " bytes)");
        }
    }

    private void remove(ExecEntry entry) {
        if (entry.kept()) {
            kept--;
        }
        entry.release();
        entries.remove(entry);
        ArrayDeque<ExecEntry> matches = byPid.get(entry.pid());
        matches.remove(entry);
        if (matches.isEmpty()) {
            byPid.remove(entry.pid());
        }
    }
}
