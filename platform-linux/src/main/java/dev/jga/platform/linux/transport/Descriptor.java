// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.EAGAIN;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.EINTR;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.POLLIN;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.POLLNVAL;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.POLLOUT;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.SHUT_RDWR;

import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.LibC;
import dev.jga.platform.linux.nativeapi.Sockets;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.AsynchronousCloseException;

/**
 * A non-blocking descriptor that one thread may read, another write and a third close, without
 * any of them blocking the others. Waiting is done by {@code poll} in slices of
 * {@link #WAKE_INTERVAL_MILLIS}, so {@link #close()} wakes every waiter within one slice (a thread
 * blocked inside read(2) on a tty or virtio port could not be woken at all), and the descriptor is
 * only released once no call is using it, so its number is never reused under a running call.
 * A port's reader that has waited a whole slice in vain waits on the port's wake-ups instead
 * ({@link PortWakeups}), which its owner ends on close.
 */
final class Descriptor implements AutoCloseable {

    /** Longest a waiting reader, writer or acceptor goes without noticing {@link #close()}. */
    static final int WAKE_INTERVAL_MILLIS = 100;

    private final int fd;
    private final String name;
    private final boolean socket;
    private final PortWakeups changes;
    private boolean silent; // the reader's: its last poll slice passed with no data
    /** Written to since the last read: the peer is most likely waiting for that reply, not sending. */
    private volatile boolean answered;
    private int users;
    private boolean closed;

    private Descriptor(int fd, String name, boolean socket, PortWakeups changes) {
        this.fd = fd;
        this.name = name;
        this.socket = socket;
        this.changes = changes;
    }

    /**
     * A port (a device or tty; {@code fd} must be non-blocking) whose reader, once a slice has
     * passed in silence, waits for data on {@code changes} (the port's wake-ups, which its owner
     * closes before this): a host that stays attached without talking costs no wake-up.
     */
    static Descriptor port(int fd, String name, PortWakeups changes) {
        return new Descriptor(fd, name, false, changes);
    }

    /** A socket; {@code fd} must be non-blocking. Closing shuts it down first, waking waiters at once. */
    static Descriptor socket(int fd, String name) {
        return new Descriptor(fd, name, true, null);
    }

    String name() {
        return name;
    }

    /**
     * Reads what is there, or waits for data and reads it: the count, or -1 at end of file (a
     * virtio port answers end of file at once while no host is attached). Throws once closed.
     *
     * <p>Reads at once first, and polls only when nothing is there yet (EAGAIN), except after a
     * reply went out since the last read: a host that waits for each reply has sent nothing
     * more, so the read would only fail, and polling first saves that system call per request.
     */
    int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        boolean tried = answered;
        answered = false;
        while (true) {
            int fd = acquire();
            try {
                if (!tried || awaitInput(fd) != 0) {
                    int n = LibC.read(fd, buffer, offset, length);
                    return n == 0 ? -1 : n;
                }
            } catch (SystemError e) {
                rethrowUnlessTransient(e);
            } finally {
                release();
            }
            tried = true;
        }
    }

    /**
     * Writes some of the bytes, waiting until the descriptor takes any. A virtio port with no host
     * attached reports POLLHUP without POLLOUT and refuses writes (EAGAIN), so the writer sleeps in
     * slices until a host attaches, as a blocking write would.
     *
     * <p>Reads and writes are tried before any poll, which is only needed when they would block:
     * a start whose host already sent its first request answers it without linking poll(2) (each
     * native call a start first makes costs it a downcall stub that JDK 25's AOT cache cannot keep).
     */
    int write(byte[] buffer, int offset, int length) throws IOException {
        boolean tried = false; // write at once first: poll only when the descriptor is full (EAGAIN)
        while (true) {
            int fd = acquire();
            try {
                short events = tried ? await(fd, POLLOUT) : POLLOUT;
                tried = true;
                if (events != 0) {
                    try {
                        int n = LibC.write(fd, buffer, offset, length);
                        answered = true;
                        return n;
                    } catch (SystemError e) {
                        rethrowUnlessTransient(e);
                        if ((events & POLLOUT) == 0) {
                            sleepSlice(); // hangup without room: nothing to poll on, so wait by the clock
                        }
                    }
                }
            } finally {
                release();
            }
        }
    }

    /** Waits for and accepts a client of this listening socket; returns its new descriptor. */
    int accept(int flags) throws IOException {
        while (true) {
            int fd = acquire();
            try {
                if (await(fd, POLLIN) != 0) {
                    return Sockets.accept(fd, flags);
                }
            } catch (SystemError e) {
                rethrowUnlessTransient(e); // EAGAIN: the client went away before we took it
            } finally {
                release();
            }
        }
    }

    /** Closes the descriptor as soon as no call uses it; waiters see the close within a slice. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (socket) {
                shutdownQuietly();
            }
            if (users > 0) {
                return;
            }
        }
        LibC.close(fd);
    }

    private synchronized int acquire() throws IOException {
        if (closed) {
            throw new AsynchronousCloseException();
        }
        users++;
        return fd;
    }

    private void release() {
        synchronized (this) {
            users--;
            if (users > 0 || !closed) {
                return;
            }
        }
        try {
            LibC.close(fd);
        } catch (SystemError ignored) {
            // The descriptor is released even when close reports an error.
        }
    }

    /**
     * Waits for input: one poll slice, or, for a port whose host let a whole slice pass in
     * silence, the port's next wake-up (then read to find out). Slices first keep the port's
     * wake-up set (its own native calls) off a start's first busy exchanges.
     */
    private short awaitInput(int fd) throws IOException {
        if (silent) {
            silent = false;
            changes.await();
            OffCarrierPoll.checkInterrupt();
            return POLLIN;
        }
        short revents = await(fd, POLLIN);
        silent = revents == 0 && changes != null;
        return revents;
    }

    /** One poll slice: the events that occurred, 0 if none did. POLLNVAL means the descriptor is gone. */
    private short await(int fd, short events) throws IOException {
        short revents = OffCarrierPoll.poll(fd, events, WAKE_INTERVAL_MILLIS);
        OffCarrierPoll.checkInterrupt();
        if ((revents & POLLNVAL) != 0) {
            throw new IOException(name + ": descriptor " + fd + " is not open");
        }
        return revents;
    }

    private static void rethrowUnlessTransient(SystemError e) throws SystemError {
        if (e.errno() != EAGAIN && e.errno() != EINTR) {
            throw e;
        }
    }

    private static void sleepSlice() throws InterruptedIOException {
        try {
            Thread.sleep(WAKE_INTERVAL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the host");
        }
    }

    private void shutdownQuietly() {
        try {
            Sockets.shutdown(fd, SHUT_RDWR);
        } catch (SystemError ignored) {
            // Not connected (a listener, or a peer already gone): poll still wakes within a slice.
        }
    }

    @Override
    public String toString() {
        return name + " (fd " + fd + ")";
    }
}
