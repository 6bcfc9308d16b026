// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.POLLIN;

import dev.jga.agent.platform.ExitStatus;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.Wait;
import dev.jga.platform.linux.OwnedFd;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * One running child in the exec loop: its pidfd (readable once it exits), the streams the loop
 * serves for it, and the grace period those streams get after it exits. Reaped the moment its
 * pidfd turns readable, with waitpid on its own pid, so no zombie outlives a loop round.
 */
final class WatchedChild implements Watch {

    private static final System.Logger LOG = System.getLogger(WatchedChild.class.getName());

    private final int pid;
    private final Consumer<ExitStatus> onExit;
    private final List<Watch> streams = new ArrayList<>();
    private final long graceNanos;
    private OwnedFd pidfd;
    private boolean exited;
    private long deadline;

    /** {@code pidfd} null: the kernel has no pidfd_open (Linux < 5.3), so the loop polls {@link #tryReap} on a tick. */
    WatchedChild(int pid, OwnedFd pidfd, Consumer<ExitStatus> onExit, long graceNanos) {
        this.pid = pid;
        this.pidfd = pidfd;
        this.onExit = onExit;
        this.graceNanos = graceNanos;
    }

    int pid() {
        return pid;
    }

    /** Serves {@code stream} for this child too. */
    void serve(Watch stream) {
        streams.add(stream);
    }

    List<Watch> streams() {
        return streams;
    }

    boolean exited() {
        return exited;
    }

    /** Whether the loop must poll waitpid for this child because it has no pidfd. */
    boolean needsTick() {
        return !exited && pidfd == null;
    }

    /** When the grace period ends, if it is running; Long.MAX_VALUE otherwise. */
    long deadline() {
        return exited && !streamsDone() ? deadline : Long.MAX_VALUE;
    }

    @Override
    public int fd() {
        return exited || pidfd == null ? -1 : pidfd.number();
    }

    @Override
    public short events() {
        return POLLIN;
    }

    @Override
    public void ready(short revents) {
        tryReap();
    }

    /** waitpid(pid, WNOHANG); on exit reports the status and starts the streams' grace period. */
    void tryReap() {
        if (exited) {
            return;
        }
        OptionalInt status;
        try {
            status = Wait.reap(pid);
        } catch (SystemError e) {
            // ECHILD: someone else reaped our child (a waitpid(-1) elsewhere in the process); the
            // status is lost, so report what a vanished process most resembles.
            LOG.log(System.Logger.Level.WARNING, "child " + pid + " could not be reaped: " + e.getMessage());
            status = OptionalInt.of(0x7f & ProcessStatus.LOST_SIGNAL);
        }
        if (status.isEmpty()) {
            return;
        }
        exited = true;
        closePidfd();
        deadline = System.nanoTime() + graceNanos;
        try {
            onExit.accept(ProcessStatus.decode(status.getAsInt()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "exit callback for child " + pid + " failed", e);
        }
    }

    /** Ends the grace period if it has run out at {@code now}: the streams still open are closed. */
    void expire(long now) {
        if (exited && now - deadline >= 0) {
            streams.forEach(Watch::cancel);
        }
    }

    private boolean streamsDone() {
        for (Watch stream : streams) {
            if (!stream.done()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean done() {
        return exited && streamsDone();
    }

    /**
     * The loop ends: the streams are cut off, and a child still running is returned for another
     * loop to watch, which now owns its pidfd.
     */
    Optional<ChildLoop.Arrival> handOver() {
        streams.forEach(Watch::cutOff);
        if (exited) {
            return Optional.empty();
        }
        ChildLoop.Arrival orphan = new ChildLoop.Arrival(pid, pidfd, onExit, List.of(), 0);
        pidfd = null;
        exited = true; // for this loop: the child is someone else's now
        return Optional.of(orphan);
    }

    @Override
    public void cancel() {
        closePidfd();
        streams.forEach(Watch::cancel);
    }

    private void closePidfd() {
        if (pidfd != null) {
            pidfd.closeQuietly();
            pidfd = null;
        }
    }
}
