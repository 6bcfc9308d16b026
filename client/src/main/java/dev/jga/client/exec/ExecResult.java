// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.exec;

/**
 * How a program run through the agent ended: exactly one of an exit code or a signal, as the
 * agent reported it, or that this side stopped waiting.
 */
public sealed interface ExecResult {

    /** The program's pid in the guest. */
    long pid();

    /**
     * The status a shell would give: the exit code, or 128 + the signal number.
     * {@link Abandoned} has none; callers pick their own (timeout(1) uses 124).
     */
    int shellStatus();

    /**
     * The program exited.
     *
     * @param outputTruncated the agent dropped output beyond its capture limit (16 MiB per stream)
     */
    record Exited(long pid, int exitCode, boolean outputTruncated) implements ExecResult {
        @Override
        public int shellStatus() {
            return exitCode;
        }
    }

    /**
     * A signal ended the program. On Windows guests qemu-ga reports an NTSTATUS here (negative).
     */
    record Signaled(long pid, int signal, boolean outputTruncated) implements ExecResult {
        @Override
        public int shellStatus() {
            return 128 + (signal & 0x7F);
        }
    }

    /**
     * This side stopped waiting (timeout or cancellation).
     *
     * @param terminated the agent was asked to stop the program (guest-exec-terminate) and did;
     *     false means it is still running in the guest
     */
    record Abandoned(long pid, Reason reason, boolean terminated) implements ExecResult {
        @Override
        public int shellStatus() {
            return reason == Reason.TIMEOUT ? 124 : 130;
        }
    }

    /** Why the client stopped waiting. */
    enum Reason { TIMEOUT, CANCELLED }
}
