// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import static dev.jga.protocol.wire.Messages.EXEC_PIPE_DIRECTION;
import static dev.jga.protocol.wire.Messages.EXEC_STREAM_TWICE;

import dev.jga.agent.command.file.GuestHandle;
import dev.jga.agent.command.file.HandleTable;
import dev.jga.agent.platform.ChildInput;
import dev.jga.agent.platform.ChildOutput;
import dev.jga.agent.platform.OpenFile;
import dev.jga.agent.platform.PipeDirection;
import dev.jga.protocol.json.MemoryAllowance;
import dev.jga.protocol.schema.ExecCommand.Exec;
import dev.jga.protocol.schema.ExecCommand.GuestExecCaptureOutput;
import dev.jga.protocol.schema.ExecCommand.GuestExecCaptureOutputMode;
import dev.jga.protocol.wire.QgaError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a guest-exec request sends the child's three standard streams, from both designs'
 * members: upstream's input-data and capture-output, the founding series' handle_stdin/stdout/stderr
 * (a guest-pipe-open handle of the right direction, or a guest-file-open handle). Resolving checks
 * everything before anything starts: an unknown or wrong-direction handle, or a stream named by
 * a handle and by input-data/capture-output at once, is an error and no child runs.
 */
final class ChildStreams {

    /** -1 in a handle_* member means "none", as in the founding series. */
    static final long NO_HANDLE = -1;

    final ChildInput stdin;
    final ChildOutput stdout;
    final ChildOutput stderr;
    final CapturedOutput out;
    final CapturedOutput err;
    final ExecEntry.Handles handles;
    private final List<PipeHandle> claimed;

    private ChildStreams(ChildInput stdin, ChildOutput stdout, ChildOutput stderr, CapturedOutput out,
            CapturedOutput err, ExecEntry.Handles handles, List<PipeHandle> claimed) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.out = out;
        this.err = err;
        this.handles = handles;
        this.claimed = claimed;
    }

    /**
     * capture-output as a mode: {@code true} is separated, {@code false} and absent are none
     * (qga/commands.c). An if, not a pattern switch: each pattern switch links to a class spun at
     * run time on its first use, which JDK 25's AOT cache does not keep (docs/performance.md).
     */
    static GuestExecCaptureOutputMode captureMode(Optional<GuestExecCaptureOutput> capture) {
        if (capture.isEmpty()) {
            return GuestExecCaptureOutputMode.NONE;
        }
        if (capture.get() instanceof GuestExecCaptureOutput.Flag flag) {
            return flag.flag() ? GuestExecCaptureOutputMode.SEPARATED : GuestExecCaptureOutputMode.NONE;
        }
        return ((GuestExecCaptureOutput.Mode) capture.get()).mode();
    }

    /** Resolves {@code command}'s streams; pipe handles used are claimed until {@link #started}/{@link #failed}. */
    static ChildStreams resolve(Exec command, Optional<byte[]> input, HandleTable handles, MemoryAllowance budget) {
        Resolver resolver = new Resolver(handles, budget);
        try {
            return resolver.resolve(command, input);
        } catch (RuntimeException e) {
            resolver.claimed.forEach(PipeHandle::unclaim);
            throw e;
        }
    }

    /** The child runs: the agent's copies of the pipes' child ends are closed. */
    void started() {
        claimed.forEach(PipeHandle::given);
    }

    /** Nothing started: the pipes may be given to the next guest-exec. */
    void failed() {
        claimed.forEach(PipeHandle::unclaim);
    }

    private static final class Resolver {
        private final HandleTable table;
        private final MemoryAllowance budget;
        private final List<PipeHandle> claimed = new ArrayList<>();

        Resolver(HandleTable table, MemoryAllowance budget) {
            this.table = table;
            this.budget = budget;
        }

        ChildStreams resolve(Exec command, Optional<byte[]> input) {
            GuestExecCaptureOutputMode mode = captureMode(command.captureOutput());
            boolean captureOut = mode == GuestExecCaptureOutputMode.STDOUT || mode == GuestExecCaptureOutputMode.SEPARATED
                    || mode == GuestExecCaptureOutputMode.MERGED;
            boolean captureErr = mode == GuestExecCaptureOutputMode.STDERR || mode == GuestExecCaptureOutputMode.SEPARATED;
            boolean merged = mode == GuestExecCaptureOutputMode.MERGED;
            long stdinId = command.handleStdin().orElse(NO_HANDLE);
            long stdoutId = command.handleStdout().orElse(NO_HANDLE);
            long stderrId = command.handleStderr().orElse(NO_HANDLE);

            ChildInput stdin = new ChildInput.Nothing();
            if (stdinId != NO_HANDLE) {
                if (input.isPresent()) {
                    throw QgaError.generic(EXEC_STREAM_TWICE, "handle_stdin", "input-data", "stdin");
                }
                stdin = new ChildInput.From(file("handle_stdin", stdinId, PipeDirection.TO_CHILD));
            } else if (input.isPresent()) {
                stdin = new ChildInput.Bytes(input.get());
            }

            CapturedOutput out = null;
            ChildOutput stdout = new ChildOutput.Discard();
            if (stdoutId != NO_HANDLE) {
                if (captureOut) {
                    throw QgaError.generic(EXEC_STREAM_TWICE, "handle_stdout", "capture-output", "stdout");
                }
                stdout = new ChildOutput.To(file("handle_stdout", stdoutId, PipeDirection.FROM_CHILD));
            } else if (captureOut) {
                out = new CapturedOutput(budget);
                stdout = new ChildOutput.Capture(out);
            }

            CapturedOutput err = null;
            ChildOutput stderr = new ChildOutput.Discard();
            if (stderrId != NO_HANDLE) {
                if (captureErr || merged) {
                    throw QgaError.generic(EXEC_STREAM_TWICE, "handle_stderr", "capture-output", "stderr");
                }
                stderr = new ChildOutput.To(file("handle_stderr", stderrId, PipeDirection.FROM_CHILD));
            } else if (merged) {
                stderr = new ChildOutput.SameAsStdout();
            } else if (captureErr) {
                err = new CapturedOutput(budget);
                stderr = new ChildOutput.Capture(err);
            }
            return new ChildStreams(stdin, stdout, stderr, out, err,
                    new ExecEntry.Handles(stdinId, stdoutId, stderrId), List.copyOf(claimed));
        }

        /** The descriptor behind handle {@code id}: a pipe's child end (right direction only) or a file. */
        private OpenFile file(String member, long id, PipeDirection needed) {
            GuestHandle handle = table.get(id);
            if (!(handle instanceof PipeHandle pipe)) {
                return handle.file();
            }
            if (pipe.direction() != needed) {
                throw QgaError.generic(EXEC_PIPE_DIRECTION, member, id, mode(pipe.direction()), mode(needed));
            }
            if (claimed.contains(pipe)) {
                return pipe.claimedChildEnd(); // the same "r" pipe for stdout and stderr
            }
            OpenFile childEnd = pipe.claim(member, id);
            claimed.add(pipe);
            return childEnd;
        }

        private static String mode(PipeDirection direction) {
            return direction == PipeDirection.FROM_CHILD ? "r" : "w";
        }
    }
}
