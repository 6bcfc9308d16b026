// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import java.util.ArrayList;
import java.util.List;

/**
 * What the exec loop is to do at a later time: a timeout's TERM, the KILL after a grace period.
 * The loop sleeps in poll(2) until the earliest of these, so a timeout costs no thread and no
 * wake-up before it is due. Loop thread only.
 */
final class SignalSchedule {

    private record Pending(long deadline, Runnable action) {}

    private final List<Pending> pending = new ArrayList<>();

    /** Runs {@code action} on the loop thread once {@link System#nanoTime()} reaches {@code deadline}. */
    void at(long deadline, Runnable action) {
        pending.add(new Pending(deadline, action));
    }

    /** The earliest deadline, or Long.MAX_VALUE when nothing is scheduled. */
    long next() {
        long next = Long.MAX_VALUE;
        for (Pending entry : pending) {
            next = Math.min(next, entry.deadline());
        }
        return next;
    }

    /** Runs what is due at {@code now}; an action may schedule more, which waits for its own time. */
    void fire(long now) {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending> due = new ArrayList<>();
        pending.removeIf(entry -> now - entry.deadline() >= 0 && due.add(entry));
        due.forEach(entry -> entry.action().run());
    }
}
