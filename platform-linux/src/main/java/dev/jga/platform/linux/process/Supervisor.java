// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import static dev.jga.platform.linux.nativeapi.ProcessConstants.ESRCH;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.SIGKILL;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.SIGTERM;

import dev.jga.agent.platform.Supervision;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.Wait;
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

    private final SignalSchedule schedule;
    /** Whether the child with that pid runs or is a zombie not yet reaped by the loop. */
    private final IntPredicate unreaped;

    Supervisor(SignalSchedule schedule, IntPredicate unreaped) {
        this.schedule = schedule;
        this.unreaped = unreaped;
    }

    /** Arms {@code timeout} for child {@code pid}, started now. */
    void arm(int pid, Supervision.Timeout timeout) {
        schedule.at(System.nanoTime() + timeout.after().toNanos(), () -> expire(pid, timeout));
    }

    /** The timeout is up: TERM to the group of a child still unreaped, then KILL after the grace. */
    private void expire(int pid, Supervision.Timeout timeout) {
        if (!unreaped.test(pid)) {
            return;
        }
        timeout.fired().run();
        sendQuietly(-pid, SIGTERM);
        schedule.at(System.nanoTime() + timeout.killGrace().toNanos(), () -> sendQuietly(-pid, SIGKILL));
    }

    /**
     * Sends {@code signal} to the group of {@code pid} ({@code tree}) or to the child alone while
     * it is unreaped; then, after {@code killAfterNanos} (negative: never), SIGKILL the same way.
     */
    void signal(int pid, int signal, boolean tree, long killAfterNanos) throws SystemError {
        send(pid, signal, tree);
        if (killAfterNanos >= 0) {
            schedule.at(System.nanoTime() + killAfterNanos, () -> {
                try {
                    send(pid, SIGKILL, tree);
                } catch (SystemError e) {
                    LOG.log(System.Logger.Level.WARNING, "could not kill child " + pid + ": " + e.getMessage());
                }
            });
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
