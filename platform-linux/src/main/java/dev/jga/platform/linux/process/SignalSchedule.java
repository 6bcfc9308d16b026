// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import java.util.ArrayList;
import java.util.List;

/**
 * What the exec loop is to do at a later time: a timeout's TERM, the KILL after a grace period.
 * The loop sleeps in poll(2) until the earliest of these, so a timeout costs no thread and no
 * wake-up before it is due. Entries are data, not code bound to one loop, so that a loop that
 * fails hands them to its successor with its children. Loop thread only.
 */
final class SignalSchedule {

    /** {@code step} is due for child {@code pid} once {@link System#nanoTime()} reaches {@code deadline}. */
    record Pending(int pid, long deadline, Supervisor.Step step) {}

    private final List<Pending> pending = new ArrayList<>();

    void at(Pending entry) {
        pending.add(entry);
    }

    /** Takes over the entries of another loop's schedule, with their deadlines. */
    void addAll(List<Pending> entries) {
        pending.addAll(entries);
    }

    /** The earliest deadline, or Long.MAX_VALUE when nothing is scheduled. */
    long next() {
        long next = Long.MAX_VALUE;
        for (Pending entry : pending) {
            next = Math.min(next, entry.deadline());
        }
        return next;
    }

    /** Removes and returns what is due at {@code now}; what they schedule waits for its own time. */
    List<Pending> due(long now) {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<Pending> due = new ArrayList<>();
        pending.removeIf(entry -> now - entry.deadline() >= 0 && due.add(entry));
        return due;
    }

    /** Removes and returns every entry: the loop ends, and another one is to run them. */
    List<Pending> takeAll() {
        List<Pending> all = List.copyOf(pending);
        pending.clear();
        return all;
    }
}
