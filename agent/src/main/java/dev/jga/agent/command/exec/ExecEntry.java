// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import dev.jga.agent.platform.ExitStatus;
import dev.jga.protocol.schema.ExecCommand.GuestExecStatus;
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
    private long pid;
    private ExitStatus status;

    ExecEntry(Form form, Handles handles, CapturedOutput out, CapturedOutput err) {
        this.form = form;
        this.handles = handles;
        this.out = out;
        this.err = err;
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
        boolean exited = finished();
        Optional<Long> code = Optional.empty();
        Optional<Long> signal = Optional.empty();
        if (exited) {
            switch (status) {
                case ExitStatus.Exited(int value) -> code = Optional.of((long) value);
                case ExitStatus.Killed(int value) -> signal = Optional.of((long) value);
            }
        }
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
