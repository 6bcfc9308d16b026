// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

/**
 * jga's exit statuses. {@code jga exec} passes the program's own status through, so jga's own
 * failures use values programs rarely use, the way ssh (255) and timeout(1) (124) do.
 */
final class ExitStatus {

    private ExitStatus() {}

    /** Success. */
    static final int OK = 0;
    /** The agent refused the request (an error reply), or lacks what it needs; not for exec. */
    static final int REFUSED = 1;
    /** exec --timeout expired; the program was left running (or stopped, if the agent can). */
    static final int TIMEOUT = 124;
    /** exec: the agent could not start the program (not executable, permission denied). */
    static final int CANNOT_EXECUTE = 126;
    /** exec: the agent found no such program. */
    static final int NOT_FOUND = 127;
    /** exec: the program died of signal N: 128 + N. */
    static final int SIGNAL_BASE = 128;
    /** Interrupted (Ctrl-C, SIGINT): 128 + 2. */
    static final int INTERRUPTED = 130;
    /** jga itself failed: bad usage, no connection, no answer, a broken reply, local I/O. */
    static final int FAILURE = 255;
}
