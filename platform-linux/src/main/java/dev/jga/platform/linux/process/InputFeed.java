// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.EAGAIN;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.EINTR;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.POLLOUT;

import dev.jga.platform.linux.OwnedFd;
import dev.jga.platform.linux.nativeapi.Poll;

/**
 * Writes input-data into a child's stdin as the child reads it, then closes the pipe so the child
 * sees end of file (qemu-ga's guest_exec_input_watch). A child that exits or closes stdin first
 * (EPIPE) just ends the feed: the rest is dropped, as in qemu-ga.
 */
final class InputFeed implements Watch {

    private final Poll io;
    private static final byte[] NONE = new byte[0];

    /** The bytes still to write; let go once the feed ends (the loop may keep this watch a while). */
    private byte[] data;
    private int written;
    private OwnedFd fd;

    InputFeed(Poll io, OwnedFd fd, byte[] data) {
        this.io = io;
        this.fd = fd;
        this.data = data;
        if (data.length == 0) {
            cancel(); // input-data "": an empty stdin, closed at once
        }
    }

    @Override
    public int fd() {
        return fd == null ? -1 : fd.number();
    }

    @Override
    public short events() {
        return POLLOUT;
    }

    @Override
    public void ready(short revents) {
        while (fd != null && written < data.length) {
            int n = io.write(fd.number(), data, written, data.length - written);
            if (n > 0) {
                written += n;
            } else if (n == -EAGAIN) {
                return;
            } else if (n != -EINTR) {
                cancel(); // EPIPE: nobody reads any more
            }
        }
        cancel();
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
        }
        data = NONE;
    }
}
