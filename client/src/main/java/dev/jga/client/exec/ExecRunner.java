// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.exec;

import dev.jga.client.AgentClient;
import dev.jga.protocol.schema.ExecCommand;
import dev.jga.client.AgentProtocolException;
import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import java.util.List;
import java.util.Optional;

/**
 * Runs a program through the agent in one of two ways:
 *
 * <ul>
 *   <li>{@link PipeSession pipes} — when the agent lists {@code guest-pipe-open} (jga): the
 *       program's stdout/stderr are pipe handles read with guest-file-read while it runs, stdin a
 *       pipe written with guest-file-write; output arrives as it is produced, with no size cap;
 *   <li>{@link CaptureSession capture} — any qemu-ga since 2.5: stdin is sent whole as
 *       {@code input-data}, output comes back in guest-exec-status after the program exited.
 * </ul>
 */
public final class ExecRunner {

    /** qemu-ga's guest-exec-terminate is not upstream; agents that have it (Virtuozzo's) list it. */
    static final String TERMINATE = "guest-exec-terminate";
    static final String PIPE_OPEN = "guest-pipe-open";

    private final AgentClient client;

    public ExecRunner(AgentClient client) {
        this.client = client;
    }

    public ExecResult run(ExecRequest request) {
        boolean pipes = switch (request.mode()) {
            case PIPES -> true;
            case CAPTURE -> false;
            case AUTO -> client.supports(PIPE_OPEN);
        };
        Terminator terminator = new Terminator(client);
        return pipes ? new PipeSession(client, request, terminator).run()
                : new CaptureSession(client, request, terminator).run();
    }

    /** Which way {@link ExecRequest.Mode#AUTO} would choose for this agent. */
    public static boolean streams(AgentClient client) {
        return client.supports(PIPE_OPEN);
    }

    static JsonArray strings(List<String> values) {
        return new JsonArray(values.stream().<Json>map(JsonString::new).toList());
    }

    /** guest-exec's answer: {@code {"pid": N}} (upstream) or a bare N (the founding series). */
    static long pid(Json reply) {
        if (reply instanceof JsonInteger bare) {
            return bare.value();
        }
        if (reply instanceof JsonObject object && object.get("pid") instanceof JsonInteger pid) {
            return pid.value();
        }
        throw new AgentProtocolException("guest-exec answered without a pid");
    }

    /**
     * Signals a program: with jga's {@code __dev.jga_guest-exec-kill} (its whole process group, and
     * KILL after a grace from the agent itself), with guest-exec-terminate where the agent has it,
     * otherwise by running {@link #KILL_SCRIPT} through guest-exec itself, which signals the
     * program's whole process group when it leads one and the program alone otherwise (qemu-ga's
     * children share its group). Each says whether the program was signalled.
     */
    static final class Terminator {
        /** $0 is the signal, $1 the pid: to its group, or to it alone when it leads none. */
        static final String KILL_SCRIPT = "kill -$0 -- -$1 2>/dev/null || kill -$0 $1";
        /** How long the program's group has between TERM and KILL. */
        static final java.time.Duration KILL_GRACE = java.time.Duration.ofSeconds(5);
        /** How long the kill helper may take before the client gives up on it. */
        static final java.time.Duration KILL_WAIT = java.time.Duration.ofSeconds(5);

        private final AgentClient client;

        Terminator(AgentClient client) {
            this.client = client;
        }

        /** TERM, and KILL after {@link #KILL_GRACE} where the agent can do that itself. */
        boolean terminate(long pid) {
            return signal(pid, "TERM", Optional.of(KILL_GRACE));
        }

        /** Whether the agent sends KILL itself when a grace given to {@link #signal} runs out. */
        boolean killsAfterGrace() {
            return client.supports(Supervision.PROBE);
        }

        /**
         * Sends {@code signal} (a name without SIG); {@code grace} is honoured by agents that
         * {@link #killsAfterGrace()} and ignored by the others.
         */
        boolean signal(long pid, String signal, Optional<java.time.Duration> grace) {
            if (client.supports(Supervision.PROBE)) {
                client.execKill(pid, new ExecCommand.Signal.Name(signal), grace, true);
                return true;
            }
            if (client.supports(TERMINATE)) {
                client.callRaw(TERMINATE, JsonObject.builder().put("pid", pid).build());
                return true;
            }
            if (!client.supports("guest-exec")) {
                return false;
            }
            long helper = pid(client.callRaw("guest-exec", JsonObject.builder()
                    .put("path", "/bin/sh")
                    .put("arg", strings(List.of("-c", KILL_SCRIPT, signal, Long.toString(pid))))
                    .build()));
            return helperSucceeded(helper);
        }

        /** Polls the kill helper to its end (which also clears it from the agent's table). */
        private boolean helperSucceeded(long helper) {
            Deadline wait = Deadline.after(java.util.Optional.of(KILL_WAIT));
            Backoff backoff = new Backoff();
            while (!wait.passed()) {
                ProgramStatus status = ProgramStatus.parse(client.callRaw("guest-exec-status",
                        JsonObject.builder().put("pid", helper).build()));
                if (status.exited()) {
                    return status.exitCode().orElse(-1) == 0;
                }
                backoff.pause();
            }
            return false;
        }
    }
}
