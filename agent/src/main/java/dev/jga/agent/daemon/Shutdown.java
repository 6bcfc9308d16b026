// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.daemon;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How the process ends, whoever ends it. The JVM turns SIGTERM, SIGINT and SIGHUP into a run of
 * the shutdown hooks followed by exit status 128+signal; qemu-ga exits 0 on SIGTERM/SIGINT (the
 * upstream test asserts it). So the one hook installed here waits out a filesystem freeze (for a
 * signal only), runs the clean-up actions (newest first: close the agent, then remove the pidfile), and ends with
 * {@link Runtime#halt} on the status the agent chose: {@link ExitCode#OK} unless {@link #exit}
 * set another.
 *
 * <p>SIGPIPE needs nothing: the JVM ignores it, and a write to a socket whose peer has gone
 * fails with an IOException that ends only that session.
 */
public final class Shutdown {

    private final Deque<AutoCloseable> cleanups = new ArrayDeque<>();
    private volatile int status = ExitCode.OK.status();
    private volatile boolean requested;
    private volatile FreezeState freeze;
    private volatile AfterThaw afterThaw = () -> { };

    /** What a deferred exit waits for once thawed: the thaw's reply leaving, for one. */
    @FunctionalInterface
    public interface AfterThaw {
        void await() throws InterruptedException;
    }

    /** Without its hook, for tests; the agent gets one through {@link #install}. */
    Shutdown() {}

    /** Installs the hook; call once, early in main. */
    public static Shutdown install() {
        Shutdown shutdown = new Shutdown();
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::run, "jga-shutdown"));
        return shutdown;
    }

    /** Closed at exit, before whatever was registered earlier. */
    public synchronized void onExit(AutoCloseable cleanup) {
        cleanups.push(cleanup);
    }

    /** The freeze state to wait out before exiting. */
    public void guard(FreezeState state) {
        freeze = state;
    }

    /** Run after a signal's wait for the thaw, before the clean-up. */
    public void afterThaw(AfterThaw action) {
        afterThaw = action;
    }

    /** Exits with {@code exitStatus} (an {@link ExitCode}'s, or a daemon's), running the clean-up first. Does not return. */
    public void exit(int exitStatus) {
        status = exitStatus;
        requested = true;
        System.exit(exitStatus);
    }

    private void run() {
        try {
            FreezeState state = freeze;
            // Only a signal waits: when the agent itself gives up (its channel is gone), nobody can thaw.
            if (!requested && state != null && state.isFrozen()) {
                try {
                    state.awaitThawed();
                    afterThaw.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            runCleanups();
        } finally {
            Runtime.getRuntime().halt(status);
        }
    }

    /**
     * Runs and forgets every clean-up action, newest first; one failing does not stop the rest,
     * not even with an Error: a SIGTERM can come while the heap is full, and the OutOfMemoryError
     * that closing the agent then meets must not leave the pidfile behind.
     */
    public void runCleanups() {
        AutoCloseable next;
        while ((next = poll()) != null) {
            try {
                next.close();
            } catch (Exception | Error e) {
                // the process is ending; the remaining clean-ups still matter
            }
        }
    }

    private synchronized AutoCloseable poll() {
        return cleanups.poll();
    }
}
