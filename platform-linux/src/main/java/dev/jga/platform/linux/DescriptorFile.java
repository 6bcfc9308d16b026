// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.EAGAIN;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.EINTR;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.SEEK_CUR;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.SEEK_END;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.SEEK_SET;

import dev.jga.agent.platform.OpenFile;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.LibC;
import java.util.Objects;

/**
 * A guest-file handle's raw, non-blocking descriptor. Unbuffered, so flush has nothing to do;
 * the stdio behaviour qemu's FILE* adds (sticky eof, read loops) lives in the agent's GuestHandle,
 * which also serialises the calls on one handle. The descriptor is an {@link OwnedFd}: guest-exec
 * hands it to a child from another session's thread, under a {@link #lease()} that keeps a
 * concurrent guest-file-close from freeing the number while the child is being spawned.
 */
public final class DescriptorFile implements OpenFile {

    private final OwnedFd fd;

    public DescriptorFile(int fd) {
        this.fd = new OwnedFd(fd);
    }

    /** The descriptor held open for the caller until the lease ends; EBADF once closed. */
    public OwnedFd.Lease lease() throws SystemError {
        return fd.lease();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws SystemError {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0; // read(fd, buf, 0) returns 0, which must not pass for end of file
        }
        return retried(number -> {
            int n = LibC.read(number, buffer, offset, length);
            return n == 0 ? -1 : n;
        });
    }

    @Override
    public int write(byte[] buffer, int offset, int length) throws SystemError {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        return retried(number -> LibC.write(number, buffer, offset, length));
    }

    /** A read or write on the descriptor number, whose count comes back. */
    @FunctionalInterface
    private interface Transfer {
        int on(int number) throws SystemError;
    }

    /** {@code transfer} on the leased descriptor, again after EINTR; 0 on EAGAIN (nothing moved yet). */
    private int retried(Transfer transfer) throws SystemError {
        try (OwnedFd.Lease open = fd.lease()) {
            while (true) {
                try {
                    return transfer.on(open.fd());
                } catch (SystemError e) {
                    if (e.errno() == EAGAIN) {
                        return 0;
                    }
                    if (e.errno() != EINTR) {
                        throw e;
                    }
                }
            }
        }
    }

    @Override
    public long seek(long offset, Whence whence) throws SystemError {
        int origin = switch (whence) {
            case SET -> SEEK_SET;
            case CUR -> SEEK_CUR;
            case END -> SEEK_END;
        };
        try (OwnedFd.Lease open = fd.lease()) {
            return LibC.lseek(open.fd(), offset, origin);
        }
    }

    @Override
    public long bytesLeft() throws SystemError {
        try (OwnedFd.Lease open = fd.lease()) {
            long size = LibC.regularFileSize(open.fd());
            return size < 0 ? -1 : Math.max(0, size - LibC.lseek(open.fd(), 0, SEEK_CUR));
        }
    }

    @Override
    public void flush() {
        // Nothing is buffered above the kernel.
    }

    /** Closes once; a second close is a no-op, later reads and writes fail with EBADF. */
    @Override
    public void close() throws SystemError {
        fd.close();
    }

    @Override
    public String toString() {
        return fd.toString();
    }
}
