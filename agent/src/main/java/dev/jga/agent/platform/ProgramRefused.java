// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import java.io.IOException;

/** The program a request resolved to is not allowed to run (--exec-allow); nothing was started. */
public final class ProgramRefused extends IOException {

    private final String program;

    public ProgramRefused(String program) {
        super("not in the exec allow-list: " + program);
        this.program = program;
    }

    /** The absolute path the request resolved to, after the PATH search. */
    public String program() {
        return program;
    }
}
