// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.AgentClient;
import dev.jga.client.AgentException;
import dev.jga.client.exec.Supervision;
import dev.jga.protocol.schema.ExecCommand.Signal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code jga kill [-s SIG] [--grace S] [--no-tree] PID}: signals a program the agent started,
 * by default TERM to its whole process group, through jga's {@code __dev.jga_guest-exec-kill}.
 * {@code -s} is {@code --signal} here, as in kill(1), not {@code --socket}. qemu-ga has no such
 * command; against it this says so and exits 255.
 */
final class KillSubcommand implements Subcommand {

    private static final Arguments.Spec SPEC = new Arguments.Spec("kill", Set.of("signal", "grace"),
            Set.of("no-tree"), Map.of('s', "signal"), false).withTargetOptions();

    @Override
    public String name() {
        return "kill";
    }

    @Override
    public String summary() {
        return "signal a program the agent started, its whole process group by default (jga agents)";
    }

    @Override
    public Arguments.Spec spec() {
        return SPEC;
    }

    @Override
    public int execute(Arguments args, Console console) {
        if (args.positionals().size() != 1 || !args.positionals().getFirst().matches("[0-9]+")) {
            throw new UsageException(name(), "give one pid, e.g. jga kill -s KILL 1234");
        }
        long pid = Long.parseLong(args.positionals().getFirst());
        Signal signal = args.value("signal").map(this::signal).orElse(new Signal.Name("TERM"));
        Optional<Duration> grace = args.value("grace").map(g -> TargetOptions.seconds(g, "grace", name()));
        try (AgentClient client = TargetOptions.connect(args, console, name())) {
            if (!client.supports(Supervision.PROBE)) {
                console.diagnostics().println("jga kill: this agent (" + client.info().version()
                        + ") cannot signal the programs it started: it lacks " + Supervision.PROBE);
                return ExitStatus.FAILURE;
            }
            client.execKill(pid, signal, grace, !args.has("no-tree"));
            return ExitStatus.OK;
        } catch (AgentException e) {
            console.diagnostics().println("jga kill: " + e.desc());
            return ExitStatus.REFUSED;
        }
    }

    private Signal signal(String text) {
        if (text.contains("/")) {
            throw new UsageException(name(), "-s is the signal for jga kill, as in kill(1), not '" + text
                    + "'; give the socket as --socket PATH");
        }
        return text.matches("[0-9]+") ? new Signal.Number(Long.parseLong(text)) : new Signal.Name(text);
    }
}
