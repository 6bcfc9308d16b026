// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import static dev.jga.protocol.wire.Messages.EXEC_PID_NOT_FOUND;

import dev.jga.agent.log.Log;
import dev.jga.agent.memory.MemoryBudget;
import dev.jga.protocol.schema.ExecCommand.GuestExecStatus;
import dev.jga.protocol.wire.QgaError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The started children the host may still ask about (qemu: guest_exec_state.processes). An entry
 * is removed once it has been reported exited, as in qemu-ga. Lookup is by pid, oldest first, as
 * qemu's list search is, for the rare pid reused while an old entry waits.
 *
 * <p>qemu-ga keeps entries nobody asks about forever. jga bounds them: past
 * {@link #MAX_UNREPORTED} finished entries, or half the {@link MemoryBudget} in output held by
 * finished entries, the oldest finished entries are dropped (with a warning in the log), and
 * asking about them then gets "PID N does not exist". Running children are never dropped. So
 * output nobody collects can take at most half the budget away from new requests.
 */
final class ExecTable {

    /** At most this many exited children whose status nobody has collected are kept. */
    static final int MAX_UNREPORTED = 1024;
    private final Log log;
    private final MemoryBudget budget;
    /** At most this many bytes of captured output are kept for exited, uncollected children. */
    private final long maxUnreportedOutput;
    private final LinkedHashSet<ExecEntry> entries = new LinkedHashSet<>();
    private final Map<Long, ArrayDeque<ExecEntry>> byPid = new HashMap<>();

    ExecTable(Log log, MemoryBudget budget) {
        this.log = log;
        this.budget = budget;
        this.maxUnreportedOutput = budget.size() / 2;
    }

    synchronized void add(ExecEntry entry) {
        evictUncollected();
        entries.add(entry);
        byPid.computeIfAbsent(entry.pid(), pid -> new ArrayDeque<>()).addLast(entry);
    }

    /** The status of child {@code pid}; an entry reported exited is forgotten. */
    synchronized GuestExecStatus report(long pid) {
        ArrayDeque<ExecEntry> matches = byPid.get(pid);
        if (matches == null) {
            throw QgaError.generic(EXEC_PID_NOT_FOUND, pid);
        }
        ExecEntry entry = matches.peekFirst();
        if (entry.finished()) {
            // out-data and err-data are copied for the reply; the entry's own copy is released below
            budget.moveToReply(entry.retainedBytes());
        }
        GuestExecStatus status = entry.report();
        if (status.exited()) {
            remove(entry);
        }
        return status;
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
            count--;
            bytes -= entry.retainedBytes();
            log.warning("guest-exec: dropped the status of pid " + entry.pid() + ", never collected (limit "
                    + MAX_UNREPORTED + " entries / " + maxUnreportedOutput + " bytes)");
        }
    }

    private void remove(ExecEntry entry) {
        entry.release();
        entries.remove(entry);
        ArrayDeque<ExecEntry> matches = byPid.get(entry.pid());
        matches.remove(entry);
        if (matches.isEmpty()) {
            byPid.remove(entry.pid());
        }
    }
}
