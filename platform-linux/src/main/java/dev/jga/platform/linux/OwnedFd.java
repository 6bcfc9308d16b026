// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.EBADF;

import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.LibC;

/**
 * A descriptor as an object that knows whether it is closed, for descriptors that more than one
 * thread touches. A bare number outlives its close(2): the kernel hands the same number to the
 * next open, so a thread still holding the number reads or writes someone else's file or socket.
 * Here a thread that uses the number takes a {@link Lease} first; {@link #close()} happens once,
 * and the descriptor is released only when the last lease ends, so its number is never reused
 * under a running call, and a lease asked for after the close fails with EBADF instead.
 */
public final class OwnedFd implements AutoCloseable {

    private final int fd;
    private int leases;
    private boolean closed;

    /** Takes ownership of {@code fd}, which nobody else may close. */
    public OwnedFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a descriptor: " + fd);
        }
        this.fd = fd;
    }

    /** The use of the number until {@link #close()}; the descriptor stays open while it lasts. */
    public final class Lease implements AutoCloseable {
        private boolean released;

        private Lease() {}

        public int fd() {
            return fd;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release();
            }
        }
    }

    /** A lease on the open descriptor, or EBADF once it is closed. */
    public synchronized Lease lease() throws SystemError {
        if (closed) {
            throw new SystemError(EBADF, LibC.strerror(EBADF), "closed descriptor");
        }
        leases++;
        return new Lease();
    }

    /**
     * The number, for the one thread that owns this descriptor outright (no other thread closes
     * it), or -1 once closed.
     */
    public synchronized int number() {
        return closed ? -1 : fd;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Closes once; with leases running, the descriptor is released when the last one ends. */
    @Override
    public void close() throws SystemError {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (leases > 0) {
                return;
            }
        }
        LibC.close(fd);
    }

    /** {@link #close()}, for callers with nobody to tell: close(2) frees the number even when it fails. */
    public void closeQuietly() {
        try {
            close();
        } catch (SystemError ignored) {
            // the descriptor is released all the same (close(2), Linux)
        }
    }

    private void release() {
        synchronized (this) {
            leases--;
            if (leases > 0 || !closed) {
                return;
            }
        }
        try {
            LibC.close(fd);
        } catch (SystemError ignored) {
            // released all the same
        }
    }

    @Override
    public synchronized String toString() {
        return closed ? "closed descriptor" : "descriptor " + fd;
    }
}
