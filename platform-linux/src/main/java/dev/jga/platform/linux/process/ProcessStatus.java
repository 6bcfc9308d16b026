// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import dev.jga.agent.platform.ExitStatus;

/** Decodes a wait status as the <sys/wait.h> macros do (Linux/glibc encoding). */
final class ProcessStatus {

    /** Reported for a child whose status was lost (reaped by someone else): SIGKILL, the likeliest end. */
    static final int LOST_SIGNAL = 9;

    private ProcessStatus() {}

    static ExitStatus decode(int status) {
        int low = status & 0x7f;
        if (low == 0) {
            return new ExitStatus.Exited((status >> 8) & 0xff); // WIFEXITED, WEXITSTATUS
        }
        return new ExitStatus.Killed(low); // WIFSIGNALED, WTERMSIG (no WUNTRACED: never stopped)
    }
}
