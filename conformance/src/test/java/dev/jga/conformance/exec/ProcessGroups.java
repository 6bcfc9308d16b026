// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import java.io.IOException;
import java.util.List;

/** The live (not zombie) members of a process group, from /proc/PID/stat's pgrp field. */
final class ProcessGroups {

    private ProcessGroups() {}

    /** The pids of processes in group {@code pgid} that have not exited. */
    static List<Long> liveMembers(long pgid) throws IOException {
        return ProcTable.snapshot().stream().filter(process -> !process.exited() && process.pgrp() == pgid)
                .map(ProcTable::pid).toList();
    }

    /** Waits up to {@code millis} for the group to have no live member, and returns what is left. */
    static List<Long> awaitEmpty(long pgid, long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        List<Long> left = liveMembers(pgid);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            ExecSession.pause(20);
            left = liveMembers(pgid);
        }
        return left;
    }
}
