// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Starting programs and serving their standard streams, as guest-exec needs: exact exit codes and
 * signals, children reaped as soon as they exit, and pipes that never block the agent. A platform
 * capability because none of this is reachable through {@link ProcessBuilder} (it cannot tell
 * {@code exit(137)} from SIGKILL, and pins one thread per child).
 *
 * <p>Whatever a platform runs behind this (a poll loop, a completion port) must not make the
 * caller wait for a child: {@link #spawn} returns once the program is running or has failed to
 * start, and everything after that arrives through the request's callbacks.
 */
public interface ProcessLauncher extends AutoCloseable {

    /**
     * Opens a pipe for a child's standard stream: the agent's end is non-blocking (a read returns
     * what is there now, a write what fits), the child's end is an ordinary blocking descriptor
     * to be given to {@link #spawn} and then closed by the caller, or EOF never comes.
     */
    Pipe openPipe(PipeDirection direction) throws IOException;

    /**
     * Starts {@code request}'s program and returns its pid. A program that cannot be started
     * (missing, not executable, a directory) is a {@link SystemError} carrying the errno of the
     * failed exec; nothing is left running and no descriptor is leaked.
     */
    long spawn(SpawnRequest request) throws IOException;

    /**
     * Sends {@code signal} to child {@code pid}'s whole process group ({@code tree}; every child is
     * started in a group of its own) or to the child alone, and, when {@code killAfter} is given,
     * SIGKILL that much later to whatever of them is left. A child or group already gone is not
     * an error: the signal had nothing left to do.
     */
    void signal(long pid, int signal, boolean tree, Optional<Duration> killAfter) throws IOException;

    /** The number of the signal named {@code name} ("TERM" or "SIGTERM"), empty for none. */
    OptionalInt signalNumber(String name);

    /** Whether {@code number} is a signal this platform can send. */
    boolean isSignal(long number);

    /**
     * The account named by {@code user}, a user name or a decimal uid, that a child can be run
     * as: refused when the agent is not privileged, the user is unknown, or the platform has no
     * way to switch users here.
     */
    Account account(String user) throws AccountUnavailable;

    /** Stops serving streams and releases the platform's resources; running children live on. */
    @Override
    void close();
}
