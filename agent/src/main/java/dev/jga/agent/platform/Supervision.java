// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What jga adds to qemu-ga's way of starting a child (the {@code __dev.jga_} members of
 * guest-exec): all optional, and {@link #NONE} starts a child exactly as qemu-ga would.
 *
 * @param directory the child's working directory; empty: the agent's
 * @param account the user to run as; empty: the agent's own
 * @param mergeEnvironment whether the request's environment is added to the agent's rather than
 *     replacing it
 * @param timeout when the child's process group is signalled, if ever
 * @param allowed whether the resolved absolute program path may run (the --exec-allow list); it
 *     is asked after the PATH search, before anything starts
 */
public record Supervision(
        Optional<String> directory,
        Optional<Account> account,
        boolean mergeEnvironment,
        Optional<Timeout> timeout,
        Predicate<String> allowed) {

    public static final Supervision NONE =
            new Supervision(Optional.empty(), Optional.empty(), false, Optional.empty(), program -> true);

    /**
     * The process group gets SIGTERM {@code after} the start, if the child has not been reaped by
     * then, and SIGKILL {@code killGrace} later if any member of the group is left.
     *
     * @param fired called on the platform's thread when the TERM is sent, before the child's exit is reported
     */
    public record Timeout(Duration after, Duration killGrace, Runnable fired) {}
}
