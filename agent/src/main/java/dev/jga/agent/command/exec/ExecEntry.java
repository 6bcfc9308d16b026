// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import static dev.jga.protocol.wire.Messages.EXEC_OFFSET_INVALID;
import static dev.jga.protocol.wire.Messages.EXEC_OFFSET_NOT_CAPTURED;

import dev.jga.agent.platform.ExitStatus;
import dev.jga.protocol.schema.ExecCommand.GuestExecChild;
import dev.jga.protocol.schema.ExecCommand.GuestExecState;
import dev.jga.protocol.schema.ExecCommand.GuestExecStatus;
import dev.jga.protocol.wire.QgaError;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the agent knows about one started child (qemu: GuestExecInfo): how it ended, once it has,
 * and its captured streams. Updated by the platform's thread, read by the sessions' threads.
 *
 * <p>It has exited for the host once the child was reaped and every captured stream ended; the
 * platform ends a stream at most the output grace period after the child exits.
 */
final class ExecEntry {

    /** Which design's status the host gets: it follows the request's form. */
    enum Form { UPSTREAM, FOUNDING }

    /** The handles a founding-form request gave (-1 where none). */
    record Handles(long stdin, long stdout, long stderr) {
        static final Handles NONE = new Handles(-1, -1, -1);
    }

    private final Form form;
    private final Handles handles;
    private final CapturedOutput out;
    private final CapturedOutput err;
    private final Started started;
    private long pid;
    private ExitStatus status;
    private boolean timedOut;
    /** System.nanoTime() after which an entry read with keep is dropped; 0 while not kept. */
    private long keptUntil;

    /** What {@code __dev.jga_guest-exec-list} shows of the start: the program, its arguments, when. */
    record Started(String path, List<String> arg, long epochNanos) {
        static final Started UNKNOWN = new Started("", List.of(), 0);

        static Started now(String path, List<String> arg) {
            Instant now = Instant.now();
            return new Started(path, List.copyOf(arg), now.getEpochSecond() * 1_000_000_000L + now.getNano());
        }
    }

    ExecEntry(Form form, Handles handles, CapturedOutput out, CapturedOutput err) {
        this(form, handles, out, err, Started.UNKNOWN);
    }

    ExecEntry(Form form, Handles handles, CapturedOutput out, CapturedOutput err, Started started) {
        this.form = form;
        this.handles = handles;
        this.out = out;
        this.err = err;
        this.started = started;
    }

    synchronized void started(long startedPid) {
        this.pid = startedPid;
    }

    synchronized long pid() {
        return pid;
    }

    /** The platform reaped the child. */
    synchronized void exited(ExitStatus exitStatus) {
        this.status = exitStatus;
    }

    /** The timeout ended the child (platform thread, before its exit is reported). */
    synchronized void timedOut() {
        this.timedOut = true;
    }

    /** Starts the retention of an exited entry read with keep; a later keep read does not extend it. */
    synchronized void keepUntil(long deadline) {
        if (keptUntil == 0) {
            keptUntil = deadline == 0 ? 1 : deadline;
        }
    }

    /** Whether a keep read has started this entry's retention. */
    synchronized boolean kept() {
        return keptUntil != 0;
    }

    /** Whether the retention of a kept entry has run out at {@code now}. */
    synchronized boolean retentionOver(long now) {
        return keptUntil != 0 && now - keptUntil >= 0;
    }

    /** This child as {@code __dev.jga_guest-exec-list} shows it. */
    synchronized GuestExecChild listed() {
        boolean exited = finished();
        Ending ending = ending(exited);
        return new GuestExecChild(pid, started.path(), started.arg(),
                exited ? GuestExecState.EXITED : GuestExecState.RUNNING, started.epochNanos(),
                ending.exitcode(), ending.signal());
    }

    /** qemu's "exited": reaped, and no captured stream still open. */
    synchronized boolean finished() {
        return status != null && ended(out) && ended(err);
    }

    /** The bytes this entry holds, for the table's memory bound. */
    synchronized long retainedBytes() {
        return (out == null ? 0 : out.length()) + (err == null ? 0 : err.length());
    }

    /** The captured output goes back to the budget: the entry is gone. */
    synchronized void release() {
        if (out != null) {
            out.release();
        }
        if (err != null) {
            err.release();
        }
    }

    /** The status the host gets now, in the request's form. */
    synchronized GuestExecStatus report() {
        return report(Optional.empty(), Optional.empty());
    }

    /**
     * The status with {@code __dev.jga_out-offset}/{@code err-offset}: a stream with an offset
     * comes from there on, while the child runs too, and the reply carries how many bytes each
     * captured stream holds. Offsets are checked by the caller ({@link #checkOffset}).
     */
    synchronized GuestExecStatus report(Optional<Long> outOffset, Optional<Long> errOffset) {
        if (outOffset.isEmpty() && errOffset.isEmpty()) {
            return withTimeout(plainReport());
        }
        GuestExecStatus plain = plainReport();
        boolean exited = plain.exited();
        Optional<byte[]> outData = outOffset.isPresent() ? window(out, outOffset.get()) : plain.outData();
        Optional<byte[]> errData = errOffset.isPresent() ? window(err, errOffset.get()) : plain.errData();
        Optional<Long> outLength = Optional.ofNullable(out).map(o -> outOffset.map(at -> at + outData.map(d -> d.length).orElse(0))
                .orElse((long) o.length()));
        Optional<Long> errLength = Optional.ofNullable(err).map(e -> errOffset.map(at -> at + errData.map(d -> d.length).orElse(0))
                .orElse((long) e.length()));
        return new GuestExecStatus(exited, plain.exitcode(), plain.signal(), outData, errData,
                outData.map(d -> out.truncated()), errData.map(d -> err.truncated()), plain.exit(), plain.handleStdin(),
                plain.handleStdout(), plain.handleStderr(), outLength, errLength,
                exited && timedOut ? Optional.of(true) : Optional.empty());
    }

    /**
     * Refuses an offset for a stream that is not captured, or outside what it holds:
     * {@code member} names the request's member, {@code stdout} says whether it is the out stream.
     */
    synchronized void checkOffset(String member, boolean stdout, long offset) {
        CapturedOutput stream = stdout ? out : err;
        if (stream == null) {
            throw QgaError.generic(EXEC_OFFSET_NOT_CAPTURED, member, stdout ? "stdout" : "stderr");
        }
        if (offset < 0 || offset > stream.length()) {
            throw QgaError.generic(EXEC_OFFSET_INVALID, member, stream.length());
        }
    }

    private static Optional<byte[]> window(CapturedOutput stream, long offset) {
        byte[] window = stream.window((int) offset);
        return window.length == 0 ? Optional.empty() : Optional.of(window);
    }

    private GuestExecStatus withTimeout(GuestExecStatus status) {
        if (!(status.exited() && timedOut)) {
            return status;
        }
        return new GuestExecStatus(status.exited(), status.exitcode(), status.signal(), status.outData(),
                status.errData(), status.outTruncated(), status.errTruncated(), status.exit(), status.handleStdin(),
                status.handleStdout(), status.handleStderr(), Optional.empty(), Optional.empty(), Optional.of(true));
    }

    private GuestExecStatus plainReport() {
        boolean exited = finished();
        Ending ending = ending(exited);
        Optional<Long> code = ending.exitcode();
        Optional<Long> signal = ending.signal();
        Optional<byte[]> outData = exited ? data(out) : Optional.empty();
        Optional<byte[]> errData = exited ? data(err) : Optional.empty();
        // qemu reports the flag with the data only; output the budget dropped whole still says so.
        Optional<Boolean> outTruncated = exited && (outData.isPresent() || truncated(out)) ? Optional.of(out.truncated()) : Optional.empty();
        Optional<Boolean> errTruncated = exited && (errData.isPresent() || truncated(err)) ? Optional.of(err.truncated()) : Optional.empty();
        if (form == Form.UPSTREAM) {
            return new GuestExecStatus(exited, code, signal, outData, errData, outTruncated, errTruncated,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        return new GuestExecStatus(exited, Optional.empty(), Optional.of(signal.orElse(-1L)), outData, errData,
                outTruncated, errTruncated, Optional.of(code.orElse(-1L)), Optional.of(handles.stdin()),
                Optional.of(handles.stdout()), Optional.of(handles.stderr()));
    }

    /** How the child ended, as the host sees it: an exit code or a signal, and neither while it runs. */
    private record Ending(Optional<Long> exitcode, Optional<Long> signal) {
        static final Ending NOT_YET = new Ending(Optional.empty(), Optional.empty());
    }

    private Ending ending(boolean exited) {
        if (!exited) {
            return Ending.NOT_YET;
        }
        // An if, not a pattern switch: each pattern switch links to a class spun at run time on its
        // first use (here the first status that finds a child gone), which JDK 25's AOT cache does
        // not keep (docs/performance.md).
        if (status instanceof ExitStatus.Killed killed) {
            return new Ending(Optional.empty(), Optional.of((long) killed.signal()));
        }
        return new Ending(Optional.of((long) ((ExitStatus.Exited) status).code()), Optional.empty());
    }

    /** out-data is present only when there is some (qemu: {@code if (gei->out.length > 0)}). */
    private static Optional<byte[]> data(CapturedOutput stream) {
        return stream == null || stream.length() == 0 ? Optional.empty() : Optional.of(stream.bytes());
    }

    private static boolean truncated(CapturedOutput stream) {
        return stream != null && stream.truncated();
    }

    private static boolean ended(CapturedOutput stream) {
        return stream == null || stream.ended();
    }
}
