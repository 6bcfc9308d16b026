// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.config;

import java.util.List;

/** What the command line asks for: serve, or one of the answers that exit at once. */
public sealed interface Invocation {

    /**
     * Serve with {@code config}.
     *
     * @param writePidfile whether to lock and write the pidfile: with -d as qemu-ga does, and
     *     also when -f or {@code pidfile=} named one, so a supervised agent that does not fork is
     *     still protected against a second instance
     * @param warnings things worth telling the user that do not stop the agent
     */
    record Run(AgentConfig config, boolean writePidfile, List<String> warnings) implements Invocation {}

    /** {@code -D}: print {@link AgentConfig#dump()} and exit 0. */
    record Dump(AgentConfig config, List<String> warnings) implements Invocation {}

    /** {@code -h}. */
    record Help() implements Invocation {}

    /** {@code -V}. */
    record Version() implements Invocation {}

    /** {@code -b help} or {@code -a help}: list the RPCs and exit 0. */
    record ListCommands() implements Invocation {}

    /** {@code getopt} rejected a word: glibc's message, then a hint to try --help; exit 1. */
    record BadOption(String message) implements Invocation {}
}
