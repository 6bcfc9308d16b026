// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

/** How a child ended, exactly: an exit code and a killing signal are different things. */
public sealed interface ExitStatus {

    /** The child called exit({@code code}); 0–255 on POSIX. */
    record Exited(int code) implements ExitStatus {}

    /** A signal ended the child (POSIX WIFSIGNALED). */
    record Killed(int signal) implements ExitStatus {}
}
