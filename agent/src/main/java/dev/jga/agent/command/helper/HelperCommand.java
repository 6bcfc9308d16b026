// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.helper;

import static dev.jga.protocol.wire.Messages.CHILD_ABNORMAL;
import static dev.jga.protocol.wire.Messages.CHILD_ABNORMAL_OUTPUT;
import static dev.jga.protocol.wire.Messages.CHILD_CREATE_FAILED;
import static dev.jga.protocol.wire.Messages.CHILD_EXEC_FAILED;
import static dev.jga.protocol.wire.Messages.CHILD_FAILED_OUTPUT;
import static dev.jga.protocol.wire.Messages.CHILD_FAILED_STATUS;

import dev.jga.agent.platform.ExitStatus;
import dev.jga.agent.platform.SystemError;
import dev.jga.protocol.wire.Messages;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * qemu-ga's ga_run_command (qga/commands-posix.c): run a helper, and turn anything but exit status
 * 0 into qemu's error, with whatever the helper printed. {@code action} completes "child process
 * has failed to …" ("shutdown", "set user password", "execute fsfreeze hook").
 */
public final class HelperCommand {

    private HelperCommand() {}

    /** Runs {@code argv} with {@code input} on stdin (if any); returns normally only on exit status 0. */
    public static void run(HelperRunner runner, List<String> argv, Optional<byte[]> input, String action) {
        HelperRun run;
        try {
            run = runner.run(argv, input);
        } catch (SystemError e) {
            // qemu-ga's child prints perror("failed to exec '…'") into the pipe and exits 1.
            String printed = Messages.fill(CHILD_EXEC_FAILED, argv.getFirst()) + ": " + e.strerror() + "\n";
            throw QgaError.generic(CHILD_FAILED_OUTPUT, action, printed);
        } catch (IOException e) {
            throw QgaError.generic(CHILD_CREATE_FAILED);
        }
        String output = run.output();
        if (run.status() instanceof ExitStatus.Killed) {
            throw output.isEmpty() ? QgaError.generic(CHILD_ABNORMAL) : QgaError.generic(CHILD_ABNORMAL_OUTPUT, output);
        }
        int code = ((ExitStatus.Exited) run.status()).code();
        if (code != 0) {
            throw output.isEmpty()
                    ? QgaError.generic(CHILD_FAILED_STATUS, action, code)
                    : QgaError.generic(CHILD_FAILED_OUTPUT, action, output);
        }
    }
}
