// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.EAGAIN;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.EINTR;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.POLLHUP;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.POLLIN;

import dev.jga.agent.platform.OutputSink;
import dev.jga.platform.linux.OwnedFd;
import dev.jga.platform.linux.nativeapi.Poll;

/**
 * Reads a captured stream from the agent's non-blocking end of its pipe into its sink (qemu-ga's
 * guest_exec_output_watch). Ends the sink at end of file, on a read error, or when cancelled.
 */
final class OutputPump implements Watch {

    /**
     * Reads per wake-up before other descriptors get their turn: a child that writes without pause
     * cannot starve the others; the data left in the pipe is read on the next round.
     */
    static final int MAX_READS_PER_WAKE = 16;

    private final Poll io;
    private final byte[] chunk;
    private final OutputSink sink;
    private OwnedFd fd;

    OutputPump(Poll io, byte[] chunk, OwnedFd fd, OutputSink sink) {
        this.io = io;
        this.chunk = chunk;
        this.fd = fd;
        this.sink = sink;
    }

    @Override
    public int fd() {
        return fd == null ? -1 : fd.number();
    }

    @Override
    public short events() {
        return POLLIN;
    }

    /**
     * Reads until the pipe is empty: a read that returns less than it asked for emptied it (pipe(7):
     * a read takes what is there), so the next would only fail with EAGAIN, and poll reports what
     * the child writes after it. Once the writers are gone (POLLHUP) the next read is the end of
     * file, which is taken at once.
     */
    @Override
    public void ready(short revents) {
        for (int reads = 0; reads < MAX_READS_PER_WAKE && fd != null; reads++) {
            int n = io.read(fd.number(), chunk, 0, chunk.length);
            if (n > 0) {
                sink.accept(chunk, 0, n);
                if (n < chunk.length && (revents & POLLHUP) == 0) {
                    return;
                }
            } else if (n == -EAGAIN) {
                return;
            } else if (n != -EINTR) {
                cancel(); // 0: every writer is gone; < 0: the pipe failed, which ends it as well
            }
        }
    }

    @Override
    public boolean done() {
        return fd == null;
    }

    @Override
    public void cancel() {
        if (fd != null) {
            fd.closeQuietly();
            fd = null;
            sink.end();
        }
    }

    @Override
    public void cutOff() {
        if (fd != null) {
            fd.closeQuietly();
            fd = null;
            sink.cutOff();
        }
    }
}
