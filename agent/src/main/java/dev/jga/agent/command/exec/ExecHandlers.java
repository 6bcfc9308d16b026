// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import static dev.jga.protocol.wire.Messages.EXEC_ARG_AND_PARAMS;
import static dev.jga.protocol.wire.Messages.EXEC_PROGRAM_REFUSED;
import static dev.jga.protocol.wire.Messages.SIGNAL_FAILED;
import static dev.jga.protocol.wire.Messages.SIGNAL_UNKNOWN;
import static dev.jga.protocol.wire.Messages.PIPE_MODE_INVALID;
import static dev.jga.protocol.wire.Messages.PIPE_OPEN_FAILED;
import static dev.jga.protocol.wire.Messages.SPAWN_FAILED;

import dev.jga.agent.command.file.HandleTable;
import dev.jga.agent.dispatch.CommandGroup;
import dev.jga.agent.dispatch.Registry;
import dev.jga.agent.log.Log;
import dev.jga.agent.memory.MemoryBudget;
import dev.jga.agent.platform.PipeDirection;
import dev.jga.agent.platform.ProcessLauncher;
import dev.jga.agent.platform.ProgramRefused;
import dev.jga.agent.platform.SpawnRequest;
import dev.jga.agent.platform.SystemError;
import dev.jga.protocol.codec.GlibBase64;
import dev.jga.protocol.json.MemoryAllowance;
import dev.jga.protocol.schema.Empty;
import dev.jga.protocol.schema.ExecCommand.Exec;
import dev.jga.protocol.schema.ExecCommand.ExecKill;
import dev.jga.protocol.schema.ExecCommand.ExecList;
import dev.jga.protocol.schema.ExecCommand.GuestExecChild;
import dev.jga.protocol.schema.ExecCommand.Signal;
import dev.jga.protocol.schema.ExecCommand.ExecStatus;
import dev.jga.protocol.schema.ExecCommand.GuestExec;
import dev.jga.protocol.schema.ExecCommand.GuestExecStatus;
import dev.jga.protocol.schema.ExecCommand.PipeOpen;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * guest-exec, guest-exec-status and guest-pipe-open (qga/commands.c, and the 2015 founding series
 * for the pipes). A handler never waits for a child: guest-exec returns once the child runs,
 * guest-exec-status reports what is known now, and the platform's one loop thread does the rest.
 */
public final class ExecHandlers implements CommandGroup {

    /** SIGTERM: what {@code __dev.jga_guest-exec-kill} sends unless told (the same number on every Linux). */
    static final int DEFAULT_SIGNAL = 15;

    private final ProcessLauncher launcher;
    private final HandleTable handles;
    private final Log log;
    /** How long output pipes may stay open after the child exited (--exec-output-grace; qemu-ga waits for ever). */
    private final Duration outputGrace;
    private final ExecTable table;
    private final ExecAllowList allowList;
    private final MemoryBudget budget;
    /** Captured output, running children's and uncollected: at most half the budget. */
    private final MemoryAllowance captures;

    public ExecHandlers(ProcessLauncher launcher, HandleTable handles, Log log, Duration outputGrace,
            MemoryBudget budget) {
        this(launcher, handles, log, outputGrace, ExecRetention.DEFAULT, List.of(), budget);
    }

    /**
     * @param retention how long an exited status read with {@code __dev.jga_keep} stays (--exec-retention)
     * @param allowed the only programs that may start, as absolute paths; empty: all (--exec-allow)
     * @param budget what captured output, input-data and status copies count against
     */
    public ExecHandlers(ProcessLauncher launcher, HandleTable handles, Log log, Duration outputGrace,
            Duration retention, List<String> allowed, MemoryBudget budget) {
        this.launcher = launcher;
        this.handles = handles;
        this.log = log;
        this.outputGrace = outputGrace;
        this.budget = budget;
        this.captures = budget.share(budget.size() / 2);
        this.table = new ExecTable(log, new ExecRetention(retention), budget);
        this.allowList = new ExecAllowList(allowed);
    }

    @Override
    public void bind(Registry registry) {
        registry.bind(PipeOpen.class, this::pipeOpen);
        registry.bind(Exec.class, this::exec);
        registry.bind(ExecStatus.class, this::status);
        registry.bind(ExecKill.class, this::kill);
        registry.bind(ExecList.class, this::list);
    }

    long pipeOpen(PipeOpen command) {
        PipeDirection direction = switch (command.mode()) {
            case "r" -> PipeDirection.FROM_CHILD;
            case "w" -> PipeDirection.TO_CHILD;
            default -> throw QgaError.generic(PIPE_MODE_INVALID, command.mode());
        };
        try {
            return handles.add(new PipeHandle(launcher.openPipe(direction)));
        } catch (IOException e) {
            throw QgaError.errno(reason(e), PIPE_OPEN_FAILED);
        }
    }

    GuestExec exec(Exec command) {
        if (command.arg().isPresent() && command.params().isPresent()) {
            throw QgaError.generic(EXEC_ARG_AND_PARAMS);
        }
        // qmp_guest_exec: input-data is decoded first, then the call is logged.
        Optional<byte[]> input = command.inputData().map(GlibBase64::decode);
        List<String> argv = new ArrayList<>();
        argv.add(command.path());
        argv.addAll(command.arg().or(command::params).orElse(List.of()));
        String called = "guest-exec called: \"" + String.join(" ", argv) + "\"";
        if (!allowList.restricts()) {
            log.info(called);
        }
        ExecSupervision supervision = ExecSupervision.check(command, launcher);

        // The input stays with the exec loop until the child has exited: it counts until then.
        long inputBytes = input.map(data -> (long) data.length).orElse(0L);
        budget.take(inputBytes);
        ChildStreams streams;
        try {
            streams = ChildStreams.resolve(command, input, handles, captures);
        } catch (RuntimeException e) {
            budget.release(inputBytes);
            throw e;
        }
        ExecEntry entry = new ExecEntry(form(command), streams.handles, streams.out, streams.err,
                ExecEntry.Started.now(command.path(), argv.subList(1, argv.size())));
        SpawnRequest request = new SpawnRequest(command.path(), argv, command.env(), streams.stdin,
                streams.stdout, streams.stderr, outputGrace, status -> {
                    budget.release(inputBytes);
                    entry.exited(status);
                }, supervision.forPlatform(entry::timedOut, allowList));
        long pid;
        try {
            pid = launcher.spawn(request);
        } catch (IOException | RuntimeException e) {
            budget.release(inputBytes);
            streams.failed();
            if (e instanceof QgaError error) {
                throw error;
            }
            if (e instanceof ProgramRefused refused) {
                // Only the program: its arguments and environment may hold secrets.
                log.warning("guest-exec: refused " + refused.program() + ": not in --exec-allow");
                throw QgaError.generic(EXEC_PROGRAM_REFUSED, refused.program());
            }
            // glib names argv[0], which qemu-ga sets to path as given.
            throw QgaError.generic(SPAWN_FAILED, command.path(), reason(e));
        }
        if (allowList.restricts()) {
            log.info(called); // once the program is known to be allowed
        }
        streams.started();
        entry.started(pid);
        table.add(entry);
        return new GuestExec(pid);
    }

    GuestExecStatus status(ExecStatus command) {
        log.info("guest-exec-status called, pid: " + command.pid());
        return table.report(command.pid(), command.keep().orElse(false), command.outOffset(), command.errOffset());
    }

    /** Signals a tracked child (by default its whole group, TERM), with the same error as status for an unknown pid. */
    Empty kill(ExecKill command) {
        table.entry(command.pid());
        int signal = command.signal().map(this::signalNumber).orElse(DEFAULT_SIGNAL);
        Optional<Duration> grace = command.grace().map(seconds -> ExecSupervision.duration("grace", seconds));
        boolean tree = command.tree().orElse(true);
        log.info("__dev.jga_guest-exec-kill called, pid: " + command.pid() + ", signal: " + signal
                + (tree ? ", process group" : ""));
        try {
            launcher.signal(command.pid(), signal, tree, grace);
        } catch (IOException e) {
            throw QgaError.errno(reason(e), SIGNAL_FAILED, command.pid());
        }
        return Empty.VALUE;
    }

    List<GuestExecChild> list(ExecList command) {
        return table.list();
    }

    private int signalNumber(Signal signal) {
        return switch (signal) {
            case Signal.Name(String name) -> launcher.signalNumber(name)
                    .orElseThrow(() -> QgaError.generic(SIGNAL_UNKNOWN, name));
            case Signal.Number(long number) -> {
                if (!launcher.isSignal(number)) {
                    throw QgaError.generic(SIGNAL_UNKNOWN, number);
                }
                yield (int) number;
            }
        };
    }

    /** A request using any member of the founding series gets that series' status. */
    private static ExecEntry.Form form(Exec command) {
        boolean founding = command.params().isPresent() || command.handleStdin().isPresent()
                || command.handleStdout().isPresent() || command.handleStderr().isPresent();
        return founding ? ExecEntry.Form.FOUNDING : ExecEntry.Form.UPSTREAM;
    }

    private static String reason(Exception e) {
        return e instanceof SystemError system ? system.strerror() : String.valueOf(e.getMessage());
    }
}
