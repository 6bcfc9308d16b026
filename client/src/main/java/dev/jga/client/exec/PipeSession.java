// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.exec;

import dev.jga.client.AgentClient;
import dev.jga.client.AgentException;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.schema.ExecCommand.PipeOpen;
import dev.jga.protocol.schema.FileCommand.FileClose;
import dev.jga.protocol.schema.FileCommand.FileRead;
import dev.jga.protocol.schema.FileCommand.FileWrite;
import dev.jga.protocol.schema.FileCommand.GuestFileRead;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The founding design: {@code guest-pipe-open} gives pipe handles, {@code guest-exec} takes them
 * as {@code handle_stdin/handle_stdout/handle_stderr}, and the program's output is read with
 * guest-file-read while it runs, so each line reaches the host as soon as the program writes it.
 * Reads on a pipe never block the agent: "nothing now" is {@code count: 0, eof: false}.
 *
 * <p>The loop reads each open pipe once, forwards a chunk of stdin, and polls guest-exec-status
 * only when nothing moved; it backs off (1 ms → 100 ms) only while nothing moves.
 */
final class PipeSession {

    /** Bytes asked for per guest-file-read on a pipe (the agent returns what is there now). */
    static final long READ_COUNT = 1 << 20;
    /**
     * After the program exited, how long an output pipe may stay silent and open (a background
     * grandchild holding it) before the result is returned anyway.
     */
    static final Duration PIPE_GRACE = Duration.ofSeconds(2);

    private final AgentClient client;
    private final ExecRequest request;
    private final ExecRunner.Terminator terminator;
    private final List<Long> openHandles = new ArrayList<>();

    PipeSession(AgentClient client, ExecRequest request, ExecRunner.Terminator terminator) {
        this.client = client;
        this.request = request;
        this.terminator = terminator;
    }

    ExecResult run() {
        Optional<StdinPump> pump = Optional.empty();
        try {
            Optional<Long> stdin = request.stdin().isPresent() ? Optional.of(open("w")) : Optional.empty();
            Output stdout = new Output(open("r"), request.stdout());
            Output stderr = new Output(open("r"), request.stderr());
            long pid = ExecRunner.pid(client.callRaw("guest-exec", execArguments(stdin, stdout, stderr)));
            pump = request.stdin().map(StdinPump::start);
            Input input = new Input(stdin, pump);
            return loop(pid, stdout, stderr, input);
        } finally {
            pump.ifPresent(StdinPump::stop);
            closeAll();
        }
    }

    private JsonObject execArguments(Optional<Long> stdin, Output stdout, Output stderr) {
        JsonObject.Builder arguments = JsonObject.builder().put("path", request.path());
        if (!request.args().isEmpty()) {
            arguments.put("params", ExecRunner.strings(request.args()));
        }
        request.env().ifPresent(env -> arguments.put("env", ExecRunner.strings(env)));
        request.supervision().addTo(arguments, request.env());
        stdin.ifPresent(handle -> arguments.put("handle_stdin", handle));
        arguments.put("handle_stdout", stdout.handle);
        arguments.put("handle_stderr", stderr.handle);
        return arguments.build();
    }

    private ExecResult loop(long pid, Output stdout, Output stderr, Input input) {
        Deadline deadline = Deadline.after(request.timeout());
        InterruptedRun interrupted = new InterruptedRun(pid, terminator, request.interrupts());
        Backoff backoff = new Backoff();
        Optional<ProgramStatus> exit = Optional.empty();
        long quietSince = System.nanoTime();
        while (true) {
            boolean moved = stdout.pump() | stderr.pump() | input.pump();
            if (exit.isEmpty() && !moved) {
                ProgramStatus status = ProgramStatus.parse(client.callRaw("guest-exec-status",
                        JsonObject.builder().put("pid", pid).build()));
                if (status.exited()) {
                    exit = Optional.of(status);
                    moved = true;
                }
            }
            if (exit.isPresent()) {
                boolean drained = stdout.eof && stderr.eof;
                boolean abandonedPipes = !moved && System.nanoTime() - quietSince > PIPE_GRACE.toNanos();
                if (drained || abandonedPipes) {
                    return interrupted.ended(exit.get().result(pid));
                }
            }
            // Once its exit was read the agent has forgotten the pid: nothing is left to signal.
            Optional<ExecResult> gaveUp = exit.isPresent() ? Optional.empty() : interrupted.step();
            if (gaveUp.isPresent()) {
                return gaveUp.get();
            }
            if (exit.isEmpty() && deadline.passed()) {
                return abandonAtTimeout(pid);
            }
            if (moved) {
                quietSince = System.nanoTime();
                backoff.reset();
            } else {
                backoff.pause();
            }
        }
    }

    private ExecResult abandonAtTimeout(long pid) {
        // Closing our ends (in run's finally) gives the program EOF on stdin and EPIPE on output.
        return new ExecResult.Abandoned(pid, ExecResult.Reason.TIMEOUT, terminator.terminate(pid));
    }

    private long open(String mode) {
        long handle = client.call(new PipeOpen(mode));
        openHandles.add(handle);
        return handle;
    }

    private void close(long handle) {
        if (openHandles.remove(Long.valueOf(handle))) {
            client.call(new FileClose(handle));
        }
    }

    private void closeAll() {
        for (Long handle : List.copyOf(openHandles)) {
            try {
                close(handle);
            } catch (RuntimeException e) {
                // already failing or finished: a handle the agent forgot is no news
            }
        }
    }

    /** One of the program's output pipes and where its bytes go. */
    private final class Output {
        final long handle;
        final OutputStream sink;
        boolean eof;

        Output(long handle, OutputStream sink) {
            this.handle = handle;
            this.sink = sink;
        }

        /** Reads what is there now; true when bytes came. */
        boolean pump() {
            if (eof) {
                return false;
            }
            GuestFileRead read = client.call(new FileRead(handle, Optional.of(READ_COUNT)));
            byte[] data = read.bufB64();
            eof = read.eof();
            if (data.length > 0) {
                try {
                    sink.write(data);
                    sink.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the program's output", e);
                }
            }
            if (eof) {
                close(handle);
            }
            return data.length > 0;
        }
    }

    /** The program's stdin pipe, fed from the local stream. */
    private final class Input {
        private Optional<Long> handle;
        private final Optional<StdinPump> pump;
        private byte[] pending;
        private int offset;

        Input(Optional<Long> handle, Optional<StdinPump> pump) {
            this.handle = handle;
            this.pump = pump;
        }

        /** Writes what the local side has ready; true when bytes moved. */
        boolean pump() {
            if (handle.isEmpty() || pump.isEmpty()) {
                return false;
            }
            if (pending == null) {
                Optional<byte[]> next = pump.get().poll();
                if (next.isEmpty()) {
                    return false;
                }
                if (StdinPump.isEnd(next.get())) {
                    finish();
                    return true;
                }
                pending = next.get();
                offset = 0;
            }
            try {
                long written = write(pending, offset);
                offset += (int) written;
                if (offset == pending.length) {
                    pending = null;
                }
                return written > 0;
            } catch (AgentException programGone) {
                // The program closed its stdin or exited (EPIPE): the rest has nowhere to go.
                finish();
                return false;
            }
        }

        private long write(byte[] data, int from) {
            String b64 = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(data, from, data.length));
            return client.call(new FileWrite(handle.get(), b64, Optional.empty())).count();
        }

        private void finish() {
            long h = handle.get();
            handle = Optional.empty();
            pending = null;
            try {
                close(h);
            } catch (AgentException e) {
                // the agent dropped it already
            }
        }
    }
}
