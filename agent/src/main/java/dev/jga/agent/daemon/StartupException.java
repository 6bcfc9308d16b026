// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.daemon;

/** The agent cannot start; the message is one line for stderr, the code the exit status. */
public final class StartupException extends Exception {

    private final ExitCode code;

    public StartupException(ExitCode code, String message) {
        super(message);
        this.code = code;
    }

    public ExitCode code() {
        return code;
    }
}
