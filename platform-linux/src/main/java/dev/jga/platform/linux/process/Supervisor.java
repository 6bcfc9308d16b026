// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import static dev.jga.platform.linux.nativeapi.ProcessConstants.ESRCH;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.SIGKILL;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.SIGTERM;

import dev.jga.agent.platform.Supervision;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.Wait;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Timeouts and kills, run on the exec loop's thread, which is also the thread that reaps: a child
 * not yet reaped cannot have had its pid reused, so signalling it there is never a signal to a
 * stranger.
 *
 * <p>A tree kill signals the process group, {@code kill(-pid)}: every child is spawned as the
 * leader of a group of its own ({@link dev.jga.platform.linux.nativeapi.Spawn}), and its
 * descendants stay in it unless they leave (setsid, setpgid: a daemon does, and is then not
 * reached). The group id stays reserved while any member lives, even after the leader is reaped,
 * so the KILL after a grace period still reaches stragglers; it would only reach a stranger if the
 * group had emptied and a new process had taken the same number as its own group within the
 * grace period, which needs the pid space to wrap around (kill(2), credentials(7)).
 */
final class Supervisor {

    private static final System.Logger LOG = System.getLogger(Supervisor.class.getName());

    /** What is due for a child at a scheduled time. */
    sealed interface Step {

        /** The child's timeout is up. */
        record Expire(Supervision.Timeout timeout) implements Step {}

        /** SIGKILL to the child's group ({@code tree}) or to the child alone while it is unreaped. */
        record Kill(boolean tree) implements Step {}
    }

    private final SignalSchedule schedule = new SignalSchedule();
    /** Whether the child with that pid runs or is a zombie not yet reaped by the loop. */
    private final IntPredicate unreaped;

    Supervisor(IntPredicate unreaped) {
        this.unreaped = unreaped;
    }

    /** Arms {@code timeout} for child {@code pid}, started now. */
    void arm(int pid, Supervision.Timeout timeout) {
        schedule.at(new SignalSchedule.Pending(pid, System.nanoTime() + timeout.after().toNanos(),
                new Step.Expire(timeout)));
    }

    /** The earliest time something is due, or Long.MAX_VALUE. */
    long next() {
        return schedule.next();
    }

    /** Runs what is due at {@code now}. */
    void fire(long now) {
        for (SignalSchedule.Pending entry : schedule.due(now)) {
            if (entry.step() instanceof Step.Expire expire) {
                expire(entry.pid(), expire.timeout());
            } else if (entry.step() instanceof Step.Kill kill) {
                kill(entry.pid(), kill.tree());
            }
        }
    }

    /** Everything still scheduled, for the loop that takes over this one's children. */
    List<SignalSchedule.Pending> handOver() {
        return schedule.takeAll();
    }

    /** Takes over what a failed loop had scheduled, due at the times it was due there. */
    void resume(List<SignalSchedule.Pending> scheduled) {
        schedule.addAll(scheduled);
    }

    /** The timeout is up: TERM to the group of a child still unreaped, then KILL after the grace. */
    private void expire(int pid, Supervision.Timeout timeout) {
        if (!unreaped.test(pid)) {
            return;
        }
        timeout.fired().run();
        sendQuietly(-pid, SIGTERM);
        killLater(pid, true, timeout.killGrace().toNanos());
    }

    /**
     * Sends {@code signal} to the group of {@code pid} ({@code tree}) or to the child alone while
     * it is unreaped; then, after {@code killAfterNanos} (negative: never), SIGKILL the same way.
     */
    void signal(int pid, int signal, boolean tree, long killAfterNanos) throws SystemError {
        send(pid, signal, tree);
        if (killAfterNanos >= 0) {
            killLater(pid, tree, killAfterNanos);
        }
    }

    private void killLater(int pid, boolean tree, long afterNanos) {
        schedule.at(new SignalSchedule.Pending(pid, System.nanoTime() + afterNanos, new Step.Kill(tree)));
    }

    private void kill(int pid, boolean tree) {
        try {
            send(pid, SIGKILL, tree);
        } catch (SystemError e) {
            LOG.log(System.Logger.Level.WARNING, "could not kill child " + pid + ": " + e.getMessage());
        }
    }

    private void send(int pid, int signal, boolean tree) throws SystemError {
        if (tree) {
            sendOrGone(-pid, signal);
        } else if (unreaped.test(pid)) {
            sendOrGone(pid, signal);
        }
    }

    private static void sendQuietly(int target, int signal) {
        try {
            sendOrGone(target, signal);
        } catch (SystemError e) {
            LOG.log(System.Logger.Level.WARNING, "could not signal " + target + ": " + e.getMessage());
        }
    }

    /** kill(2); ESRCH means nothing is left to signal, which is what was wanted. */
    private static void sendOrGone(int target, int signal) throws SystemError {
        try {
            Wait.kill(target, signal);
        } catch (SystemError e) {
            if (e.errno() != ESRCH) {
                throw e;
            }
        }
    }
}
