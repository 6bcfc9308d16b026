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
 *
 * <p>Supervision (a working directory, a user, a timeout, a kill, output by offset, results that
 * survive a lost reply, a list) is jga's own, under QAPI's downstream-extension names
 * ({@code __RFQDN_name}, docs/devel/qapi-code-gen.rst "Naming rules") with the prefix
 * {@code __dev.jga_}: a future upstream member can never clash with them, a client probes for
 * them in guest-info, and a qemu-ga client that sends none of them sees no change.
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
            @Wire("handle_stderr") Optional<Long> handleStderr,
            @Wire("__dev.jga_cwd") Optional<String> cwd,
            @Wire("__dev.jga_env-merge") Optional<Boolean> envMerge,
            @Wire("__dev.jga_user") Optional<String> user,
            @Wire("__dev.jga_timeout") Optional<Double> timeout,
            @Wire("__dev.jga_kill-grace") Optional<Double> killGrace)
            implements ExecCommand<GuestExec> {

        /** A request with none of jga's supervision members. */
        public Exec(String path, Optional<List<String>> arg, Optional<List<String>> env, Optional<String> inputData,
                Optional<GuestExecCaptureOutput> captureOutput, Optional<List<String>> params,
                Optional<Long> handleStdin, Optional<Long> handleStdout, Optional<Long> handleStderr) {
            this(path, arg, env, inputData, captureOutput, params, handleStdin, handleStdout, handleStderr,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    @Qapi(name = "guest-exec-status", since = "2.5",
            doc = "Reports whether a started program has exited, with its exit code or signal and captured output; never blocks.")
    record ExecStatus(
            long pid,
            @Wire("__dev.jga_keep") Optional<Boolean> keep,
            @Wire("__dev.jga_out-offset") Optional<Long> outOffset,
            @Wire("__dev.jga_err-offset") Optional<Long> errOffset)
            implements ExecCommand<GuestExecStatus> {

        /** qemu-ga's request: the entry goes once it is reported exited, output comes whole at the end. */
        public ExecStatus(long pid) {
            this(pid, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * Signals a child the agent started, by default its whole process group (every child is
     * started in a group of its own), and optionally sends KILL after a grace period.
     */
    @Qapi(name = "__dev.jga_guest-exec-kill", since = "jga",
            doc = "Sends a signal (default TERM) to a started program's process group (or the program alone with tree=false), then KILL after grace seconds if it still runs.")
    record ExecKill(long pid, Optional<Signal> signal, Optional<Double> grace, Optional<Boolean> tree)
            implements ExecCommand<Empty> {}

    @Qapi(name = "__dev.jga_guest-exec-list", since = "jga",
            doc = "Lists the programs the agent started and still tracks, running or exited, oldest first.")
    record ExecList() implements ExecCommand<List<GuestExecChild>> {}

    /** A signal by name ("TERM", "SIGTERM") or by number. */
    @Alternate("GuestExecSignal")
    sealed interface Signal {
        record Name(String name) implements Signal {}

        record Number(long number) implements Signal {}
    }

    /** One child in {@code __dev.jga_guest-exec-list}; {@code started} is in nanoseconds since the epoch. */
    record GuestExecChild(
            long pid,
            String path,
            List<String> arg,
            GuestExecState state,
            long started,
            Optional<Long> exitcode,
            Optional<Long> signal) {}

    /** Whether guest-exec-status would report the child exited. */
    enum GuestExecState implements WireEnum {
        RUNNING, EXITED;

        @Override
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record GuestExec(long pid) {}

    /**
     * A program's state. Upstream form: {@code exited}, then once exited exactly one of
     * {@code exitcode}/{@code signal}, and captured output when non-empty. Founding form:
     * {@code exited}, {@code exit} and {@code signal} (-1 when not applicable) and the three
     * {@code handle_*} (-1 where unused). jga's members: the lengths captured so far when the
     * request gave an offset, and {@code timed-out} when the timeout ended the child.
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
            @Wire("handle_stderr") Optional<Long> handleStderr,
            @Wire("__dev.jga_out-length") Optional<Long> outLength,
            @Wire("__dev.jga_err-length") Optional<Long> errLength,
            @Wire("__dev.jga_timed-out") Optional<Boolean> timedOut) {

        /** A status without jga's supervision members. */
        public GuestExecStatus(boolean exited, Optional<Long> exitcode, Optional<Long> signal,
                Optional<byte[]> outData, Optional<byte[]> errData, Optional<Boolean> outTruncated,
                Optional<Boolean> errTruncated, Optional<Long> exit, Optional<Long> handleStdin,
                Optional<Long> handleStdout, Optional<Long> handleStderr) {
            this(exited, exitcode, signal, outData, errData, outTruncated, errTruncated, exit, handleStdin,
                    handleStdout, handleStderr, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

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
