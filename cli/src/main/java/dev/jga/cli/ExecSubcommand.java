// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.AgentClient;
import dev.jga.client.AgentException;
import dev.jga.client.exec.ExecRequest;
import dev.jga.client.exec.ExecResult;
import dev.jga.client.exec.ExecRunner;
import dev.jga.client.exec.Supervision;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.Set;

/**
 * {@code jga exec -- PROGRAM ARGS…}: runs a program in the guest with its output on this
 * terminal (live when the agent streams), stdin forwarded, and its exit status as jga's own.
 */
final class ExecSubcommand implements Subcommand {

    /** How much later than --timeout the agent itself ends the program (jga agents only). */
    static final Duration AGENT_TIMEOUT_MARGIN = Duration.ofSeconds(2);

    private static final Arguments.Spec SPEC = new Arguments.Spec("exec",
            Set.of("cwd", "env", "env-add", "timeout", "user"), Set.of("no-stdin", "capture", "pipes"),
            Map.of('e', "env", 'n', "no-stdin", 'w', "cwd", 'u', "user"), true).withTargetOptions();

    @Override
    public String name() {
        return "exec";
    }

    @Override
    public String summary() {
        return "run a program in the guest, output live, exit status passed through";
    }

    @Override
    public Arguments.Spec spec() {
        return SPEC;
    }

    @Override
    public int execute(Arguments args, Console console) {
        if (args.positionals().isEmpty()) {
            throw new UsageException(name(), "give the program to run, e.g. jga exec -- uname -a");
        }
        if (args.has("capture") && args.has("pipes")) {
            throw new UsageException(name(), "give at most one of --capture and --pipes");
        }
        Optional<Duration> timeout = args.value("timeout").map(t -> TargetOptions.seconds(t, "timeout", name()));
        List<String> env = args.values("env");
        env.stream().filter(e -> !e.contains("=")).findFirst().ifPresent(bad -> {
            throw new UsageException(name(), "--env needs NAME=VALUE, not '" + bad + "'");
        });
        PrintStream err = console.diagnostics();
        try (AgentClient client = TargetOptions.connect(args, console, name())) {
            List<String> envAdd = args.values("env-add");
            envAdd.stream().filter(e -> !e.contains("=")).findFirst().ifPresent(bad -> {
                throw new UsageException(name(), "--env-add needs NAME=VALUE, not '" + bad + "'");
            });
            // The guest's own timeout is a backstop for a client that dies: a little later than the
            // client's, so that a live client still reports the timeout itself (exit 124).
            Supervision supervision = new Supervision(args.value("cwd"), args.value("user"), envAdd,
                    timeout.map(t -> t.plus(AGENT_TIMEOUT_MARGIN)));
            boolean supervised = client.supports(Supervision.PROBE);
            if (!supervised) {
                Optional<String> lacking = Stream.of("cwd", "user", "env-add").filter(args::has).findFirst();
                if (lacking.isPresent()) {
                    err.println("jga exec: this agent (" + client.info().version() + ") lacks jga's guest-exec"
                            + " extensions, so it cannot honour --" + lacking.get() + "; wrap the program instead, e.g. "
                            + switch (lacking.get()) {
                                case "cwd" -> "jga exec -- sh -c 'cd DIR && exec PROGRAM ARGS'";
                                case "user" -> "jga exec -- runuser -u USER -- PROGRAM ARGS";
                                default -> "jga exec -- env NAME=VALUE PROGRAM ARGS";
                            });
                    return ExitStatus.FAILURE;
                }
            }
            ExecRequest.Mode mode = args.has("capture") ? ExecRequest.Mode.CAPTURE
                    : args.has("pipes") ? ExecRequest.Mode.PIPES
                    : ExecRunner.streams(client) ? ExecRequest.Mode.PIPES : ExecRequest.Mode.CAPTURE;
            ExecRequest.Builder request = ExecRequest.builder(args.positionals().getFirst(),
                            args.positionals().subList(1, args.positionals().size()))
                    .stdout(console.out()).stderr(console.err()).mode(mode);
            if (!env.isEmpty()) {
                request.env(env);
            }
            timeout.ifPresent(request::timeout);
            if (supervised && supervision.asked()) {
                request.supervision(supervision); // --timeout then also holds in the guest if this client dies
            }
            // Capture mode sends stdin whole before the program starts: waiting for a terminal's
            // end of input would look like a hang, so a terminal's stdin is not forwarded then.
            boolean forwardStdin = !args.has("no-stdin")
                    && !(mode == ExecRequest.Mode.CAPTURE && console.stdinIsTerminal());
            if (forwardStdin) {
                request.stdin(console.in());
            }
            return runInterruptibly(client, request, timeout, err);
        } catch (AgentException e) {
            if (!e.command().equals("guest-exec")) {
                throw e;
            }
            err.println("jga exec: the agent could not start " + args.positionals().getFirst() + ": " + e.desc());
            return e.desc().contains("No such file or directory") ? ExitStatus.NOT_FOUND
                    : e.isCommandNotFound() ? ExitStatus.FAILURE : ExitStatus.CANNOT_EXECUTE;
        }
    }

    private int runInterruptibly(AgentClient client, ExecRequest.Builder request, Optional<Duration> timeout,
            PrintStream err) {
        try (CtrlC ctrlC = CtrlC.counting(err)) {
            ExecResult result = client.exec(request.interrupts(ctrlC).build());
            return report(result, timeout, err);
        }
    }

    private static int report(ExecResult result, Optional<Duration> timeout, PrintStream err) {
        switch (result) {
            case ExecResult.Exited exited -> {
                warnIfTruncated(exited.outputTruncated(), err);
                return exited.exitCode();
            }
            case ExecResult.Signaled signaled -> {
                warnIfTruncated(signaled.outputTruncated(), err);
                return ExitStatus.SIGNAL_BASE + (signaled.signal() & 0x7F);
            }
            case ExecResult.Abandoned abandoned -> {
                boolean timedOut = abandoned.reason() == ExecResult.Reason.TIMEOUT;
                String what = timedOut
                        ? "timed out after " + timeout.map(t -> t.toMillis() / 1000.0 + " s").orElse("the timeout")
                        : "interrupted";
                err.println("jga exec: " + what + "; " + (!abandoned.terminated()
                        ? "the program keeps running in the guest as pid " + abandoned.pid()
                                + ": the agent could not stop it"
                        : timedOut ? "the program (pid " + abandoned.pid() + ") was sent SIGTERM"
                        : "the program (pid " + abandoned.pid() + ") has ended"));
                return timedOut ? ExitStatus.TIMEOUT : ExitStatus.INTERRUPTED;
            }
        }
    }

    private static void warnIfTruncated(boolean truncated, PrintStream err) {
        if (truncated) {
            err.println("jga exec: the agent truncated the program's output at its 16 MiB capture limit");
        }
    }
}
