// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.daemon;

/**
 * jga-agent's exit statuses, documented in {@code --help}. qemu-ga exits 1 (EXIT_FAILURE) on
 * every failure; jga keeps 1 for "fix the command line or configuration" and tells the other
 * failures apart, so a supervisor or script can react to each.
 */
public enum ExitCode {
    /** Clean exit, including SIGTERM/SIGINT, -h, -V, -D and -b help. */
    OK(0),
    /** Bad usage: unknown option, unusable configuration file, no path, unknown method. */
    USAGE(1),
    /** The agent could not start: pidfile, log file, state directory, channel, no platform. */
    STARTUP(2),
    /** The channel failed while serving, without --retry-path. */
    CHANNEL_LOST(3),
    /** An unexpected exception: a bug. */
    INTERNAL(4);

    private final int status;

    ExitCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
