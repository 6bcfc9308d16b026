// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.exec;

import java.time.Duration;
import java.util.Optional;

/**
 * What a session's interrupts have sent so far, turn by turn of its loop: the first sends TERM
 * (with KILL {@link ExecRunner.Terminator#KILL_GRACE} later: from the agent when it has jga's
 * extension, from here otherwise), the second KILL at once. Between them the session keeps
 * forwarding output, so the program's last words are seen; it stops waiting {@link #KILL_WAIT}
 * after a KILL that brought no exit.
 */
final class InterruptedRun {

    /** After a KILL, how long the session waits for the agent to report the exit. */
    static final Duration KILL_WAIT = Duration.ofSeconds(3);

    private enum Sent { NOTHING, TERM, KILL }

    private final long pid;
    private final ExecRunner.Terminator terminator;
    private final Interrupts interrupts;
    private Sent sent = Sent.NOTHING;
    private long until;

    InterruptedRun(long pid, ExecRunner.Terminator terminator, Interrupts interrupts) {
        this.pid = pid;
        this.terminator = terminator;
        this.interrupts = interrupts;
    }

    /**
     * Sends what new interrupts (or a grace run out) call for; empty while the session should keep
     * waiting for the program's exit, else the result to return now.
     */
    Optional<ExecResult> step() {
        int asked = interrupts.count();
        boolean passed = sent != Sent.NOTHING && System.nanoTime() - until > 0;
        return switch (sent) {
            case NOTHING -> asked > 0 ? send(Sent.TERM) : Optional.empty();
            case TERM -> asked > 1 || passed && !terminator.killsAfterGrace() ? send(Sent.KILL)
                    : passed ? gaveUp() : Optional.empty();
            case KILL -> passed ? gaveUp() : Optional.empty();
        };
    }

    /** The program's own end, or after an interrupt, that it ended because of one. */
    ExecResult ended(ExecResult exit) {
        return sent == Sent.NOTHING ? exit : new ExecResult.Abandoned(pid, ExecResult.Reason.CANCELLED, true);
    }

    private Optional<ExecResult> send(Sent signal) {
        boolean term = signal == Sent.TERM;
        Optional<Duration> grace = term ? Optional.of(ExecRunner.Terminator.KILL_GRACE) : Optional.empty();
        if (!terminator.signal(pid, signal.name(), grace)) {
            return gaveUp();
        }
        sent = signal;
        Duration wait = term ? ExecRunner.Terminator.KILL_GRACE.plus(terminator.killsAfterGrace() ? KILL_WAIT : Duration.ZERO)
                : KILL_WAIT;
        until = System.nanoTime() + wait.toNanos();
        interrupts.sent(new Interrupts.SignalSent(pid, signal.name(), terminator.killsAfterGrace(), term));
        return Optional.empty();
    }

    private Optional<ExecResult> gaveUp() {
        return Optional.of(new ExecResult.Abandoned(pid, ExecResult.Reason.CANCELLED, false));
    }
}
