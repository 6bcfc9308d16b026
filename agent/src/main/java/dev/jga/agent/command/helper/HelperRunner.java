// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.helper;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Runs a system program to completion: the fsfreeze hook, shutdown, chpasswd, systemctl. The seam
 * between the commands, which decide what to run and what its ending means, and the running
 * itself, so a test can see the command line a handler builds without running it.
 */
@FunctionalInterface
public interface HelperRunner {

    /**
     * Runs {@code argv} (argv[0] without a '/' is searched in the agent's PATH, as execvp does)
     * with {@code input} on its standard input (else /dev/null), and waits for it to exit. A
     * program that cannot be started is a {@link dev.jga.agent.platform.SystemError} with the
     * errno of the failed exec.
     */
    HelperRun run(List<String> argv, Optional<byte[]> input) throws IOException;
}
