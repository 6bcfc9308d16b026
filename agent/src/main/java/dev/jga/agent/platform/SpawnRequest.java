// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A program to start, with qemu-ga's rules (qga/commands.c qmp_guest_exec):
 *
 * @param path the program; without a '/' it is searched in {@code environment}'s PATH when that
 *     has one, else in the agent's (glib's G_SPAWN_SEARCH_PATH_FROM_ENVP)
 * @param argv the whole argument vector, argv[0] included (qemu-ga passes {@code path} as given)
 * @param environment the child's entire environment, verbatim; empty means the agent's own
 * @param stdout never {@link ChildOutput.SameAsStdout}
 * @param outputGrace how long captured streams may stay open after the child exited (a background
 *     grandchild holding them) before the platform closes them and ends their sinks
 * @param onExit called once, on the platform's thread, when the child has exited and been reaped
 * @param supervision jga's own additions (working directory, user, timeout, allow-list)
 */
public record SpawnRequest(
        String path,
        List<String> argv,
        Optional<List<String>> environment,
        ChildInput stdin,
        ChildOutput stdout,
        ChildOutput stderr,
        Duration outputGrace,
        Consumer<ExitStatus> onExit,
        Supervision supervision) {

    /** A child started exactly as qemu-ga starts one. */
    public SpawnRequest(String path, List<String> argv, Optional<List<String>> environment, ChildInput stdin,
            ChildOutput stdout, ChildOutput stderr, Duration outputGrace, Consumer<ExitStatus> onExit) {
        this(path, argv, environment, stdin, stdout, stderr, outputGrace, onExit, Supervision.NONE);
    }

    public SpawnRequest {
        argv = List.copyOf(argv);
        environment = environment.map(List::copyOf);
        if (stdout instanceof ChildOutput.SameAsStdout) {
            throw new IllegalArgumentException("stdout cannot be the same as stdout");
        }
    }
}
