// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.exec;

import dev.jga.client.AgentClient;
import dev.jga.protocol.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * qemu-ga's way (2.5+): {@code guest-exec} with {@code capture-output: true} and the whole of
 * stdin as {@code input-data}, then guest-exec-status polled with {@link Backoff} until the
 * program has exited; its output is written out then, all at once.
 */
final class CaptureSession {

    /**
     * The most stdin sent as input-data. Its base64 (4/3 larger) must stay well under the
     * agent's 64 MiB request limit (qemu's MAX_TOKEN_SIZE); beyond it, use an agent that streams.
     */
    static final int MAX_INPUT_DATA = 32 << 20;
    /** After asking the agent to terminate a program, how long to wait for its status. */
    static final Duration TERMINATE_WAIT = Duration.ofSeconds(5);

    private final AgentClient client;
    private final ExecRequest request;
    private final ExecRunner.Terminator terminator;

    CaptureSession(AgentClient client, ExecRequest request, ExecRunner.Terminator terminator) {
        this.client = client;
        this.request = request;
        this.terminator = terminator;
    }

    ExecResult run() {
        JsonObject.Builder arguments = JsonObject.builder().put("path", request.path());
        if (!request.args().isEmpty()) {
            arguments.put("arg", ExecRunner.strings(request.args()));
        }
        request.env().ifPresent(env -> arguments.put("env", ExecRunner.strings(env)));
        request.supervision().addTo(arguments, request.env());
        request.stdin().ifPresent(in -> arguments.put("input-data", Base64.getEncoder().encodeToString(readAll(in))));
        arguments.put("capture-output", true);
        Deadline deadline = Deadline.after(request.timeout());
        long pid = ExecRunner.pid(client.callRaw("guest-exec", arguments.build()));
        InterruptedRun interrupted = new InterruptedRun(pid, terminator, request.interrupts());
        Backoff backoff = new Backoff();
        while (true) {
            Optional<ExecResult> gaveUp = interrupted.step();
            if (gaveUp.isPresent()) {
                return gaveUp.get();
            }
            if (deadline.passed()) {
                return abandonAtTimeout(pid);
            }
            ProgramStatus status = poll(pid);
            if (status.exited()) {
                write(status);
                return interrupted.ended(status.result(pid));
            }
            backoff.pause();
        }
    }

    private ProgramStatus poll(long pid) {
        return ProgramStatus.parse(client.callRaw("guest-exec-status", JsonObject.builder().put("pid", pid).build()));
    }

    private ExecResult abandonAtTimeout(long pid) {
        ExecResult.Reason reason = ExecResult.Reason.TIMEOUT;
        if (!terminator.terminate(pid)) {
            return new ExecResult.Abandoned(pid, reason, false);
        }
        Deadline wait = Deadline.after(Optional.of(TERMINATE_WAIT));
        Backoff backoff = new Backoff();
        while (!wait.passed()) {
            ProgramStatus status = poll(pid);
            if (status.exited()) {
                write(status);
                return new ExecResult.Abandoned(pid, reason, true);
            }
            backoff.pause();
        }
        return new ExecResult.Abandoned(pid, reason, false);
    }

    private void write(ProgramStatus status) {
        write(request.stdout(), status.outData());
        write(request.stderr(), status.errData());
    }

    private static void write(OutputStream out, byte[] data) {
        try {
            out.write(data);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the program's output", e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            byte[] data = in.readNBytes(MAX_INPUT_DATA + 1);
            if (data.length > MAX_INPUT_DATA) {
                throw new IllegalArgumentException("stdin is larger than " + (MAX_INPUT_DATA >> 20)
                        + " MiB; this agent takes stdin whole (input-data): use jga-agent, which streams it,"
                        + " or copy the data first with 'jga cp'");
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stdin", e);
        }
    }
}
