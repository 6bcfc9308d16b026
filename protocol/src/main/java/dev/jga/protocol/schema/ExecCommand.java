// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Running programs in the guest. One {@code guest-exec} serves both designs that exist:
 *
 * <ul>
 *   <li>the design QEMU shipped (2.5, capture modes 8.0): {@code arg}, {@code input-data},
 *       {@code capture-output}; output comes back in {@code guest-exec-status} once the program
 *       has exited, at most 16 MiB per stream;
 *   <li>the founding design (the 2014–2015 guest-exec series): {@code params} and pipe or file
 *       handles for the child's standard streams ({@code handle_stdin}, …), read and written
 *       while the child runs through guest-file-read/write; status with {@code exit} and
 *       {@code signal} as integers, -1 where not applicable.
 * </ul>
 *
 * A request that uses {@code params} or any {@code handle_*} member is in the founding form and
 * gets founding-form status. Component order is validation order: upstream's members first, in
 * upstream's order, so errors a qemu-ga client can provoke come out as qemu-ga's.
 */
public sealed interface ExecCommand<R> extends Command<R> {

    /**
     * Opens a pipe for a child's standard stream and returns its handle (same counter as
     * guest-file-open). Mode "r": the agent reads what the child writes; "w": the agent writes what
     * the child reads.
     */
    @Qapi(name = "guest-pipe-open", since = "jga (2015 guest-exec series)",
            doc = "Opens a pipe whose handle can be given to guest-exec as a child's stdin (mode \"w\") or stdout/stderr (mode \"r\").")
    record PipeOpen(String mode) implements ExecCommand<Long> {}

    @Qapi(name = "guest-exec", since = "2.5",
            doc = "Starts a program in the guest and returns its pid; its status and output come from guest-exec-status.")
    record Exec(
            String path,
            Optional<List<String>> arg,
            Optional<List<String>> env,
            Optional<String> inputData,
            Optional<GuestExecCaptureOutput> captureOutput,
            Optional<List<String>> params,
            @Wire("handle_stdin") Optional<Long> handleStdin,
            @Wire("handle_stdout") Optional<Long> handleStdout,
            @Wire("handle_stderr") Optional<Long> handleStderr)
            implements ExecCommand<GuestExec> {}

    @Qapi(name = "guest-exec-status", since = "2.5",
            doc = "Reports whether a started program has exited, with its exit code or signal and captured output; never blocks.")
    record ExecStatus(long pid) implements ExecCommand<GuestExecStatus> {}

    record GuestExec(long pid) {}

    /**
     * A program's state. Upstream form: {@code exited}, then once exited exactly one of
     * {@code exitcode}/{@code signal}, and captured output when non-empty. Founding form:
     * {@code exited}, {@code exit} and {@code signal} (-1 when not applicable) and the three
     * {@code handle_*} (-1 where unused).
     */
    record GuestExecStatus(
            boolean exited,
            Optional<Long> exitcode,
            Optional<Long> signal,
            Optional<byte[]> outData,
            Optional<byte[]> errData,
            Optional<Boolean> outTruncated,
            Optional<Boolean> errTruncated,
            Optional<Long> exit,
            @Wire("handle_stdin") Optional<Long> handleStdin,
            @Wire("handle_stdout") Optional<Long> handleStdout,
            @Wire("handle_stderr") Optional<Long> handleStderr) {}

    /** QAPI enum GuestExecCaptureOutputMode (8.0). */
    enum GuestExecCaptureOutputMode implements WireEnum {
        NONE, STDOUT, STDERR, SEPARATED, MERGED;

        @Override
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** QAPI alternate GuestExecCaptureOutput: {@code true} means separated, {@code false} none. */
    @Alternate("GuestExecCaptureOutput")
    sealed interface GuestExecCaptureOutput {
        record Flag(boolean flag) implements GuestExecCaptureOutput {}

        record Mode(GuestExecCaptureOutputMode mode) implements GuestExecCaptureOutput {}
    }
}
