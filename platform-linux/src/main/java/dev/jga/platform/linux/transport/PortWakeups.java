// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.EPOLLET;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.EPOLLIN;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.EPOLLOUT;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.EPOLL_CLOEXEC;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.EFD_CLOEXEC;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.EFD_NONBLOCK;

import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.Epoll;
import dev.jga.platform.linux.nativeapi.LibC;
import dev.jga.platform.linux.nativeapi.Pipes;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * The waits on a port, for a host to attach and for its data, with no periodic wake-up. With no
 * host attached a virtio port reads end of file and polls POLLHUP at once
 * (drivers/char/virtio_console.c, port_fops_read and port_fops_poll), so a level-triggered poll
 * cannot wait for the host. The
 * driver does wake the port's wait queue when the host opens its end (handle_control_message,
 * VIRTIO_CONSOLE_PORT_OPEN) and when data arrives (in_intr), and an edge-triggered epoll
 * reports exactly those wake-ups (epoll(7), "Level-triggered and edge-triggered"). A FIFO wakes
 * its readers the same way when a writer opens it (fs/pipe.c, fifo_open), a tty when input
 * comes. A wake-up that comes between the caller's read and its wait is kept for the wait.
 *
 * <p>The caller reads the port after each {@link #await()}, so a wake-up that is not the host
 * costs one read. An eventfd in the same set lets {@link #close()} end a wait at once. Where the
 * set cannot be made (no descriptor left), the wait falls back to qemu-ga's own: a read every
 * {@link #FALLBACK_MILLIS} (qga/main.c channel_event_cb).
 */
final class PortWakeups implements AutoCloseable {

    /** qemu-ga's g_usleep(G_USEC_PER_SEC / 10) after an end of file on virtio-serial. */
    static final int FALLBACK_MILLIS = 100;

    private static final byte[] ONE = {1, 0, 0, 0, 0, 0, 0, 0}; // an eventfd's 8-byte counter, little-endian

    private final int port;
    private int epoll = -1;
    private int wake = -1;
    private boolean unavailable;
    private boolean waiting;
    private boolean closed;

    /** {@code port}: the port's descriptor, which must stay open until {@link #close()}. */
    PortWakeups(int port) {
        this.port = port;
    }

    /**
     * Returns when the port's wait queue was woken (the host may have attached, or sent data) or
     * this was closed. The first call after the set is made returns at once: adding the port reports its
     * current state.
     */
    void await() throws IOException {
        int set;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!unavailable && epoll < 0) {
                open();
            }
            if (unavailable) {
                set = -1;
            } else {
                set = epoll;
                waiting = true;
            }
        }
        if (set < 0) {
            sleep();
            return;
        }
        try {
            OffCarrierPoll.run(() -> Epoll.await(set, 2, -1));
        } finally {
            synchronized (this) {
                waiting = false;
                if (closed) {
                    release();
                }
            }
        }
    }

    private void open() {
        try {
            epoll = Epoll.create(EPOLL_CLOEXEC);
            wake = Pipes.eventfd(EFD_NONBLOCK | EFD_CLOEXEC);
            Epoll.add(epoll, port, EPOLLIN | EPOLLOUT | EPOLLET);
            Epoll.add(epoll, wake, EPOLLIN);
        } catch (SystemError e) {
            release();
            unavailable = true;
        }
    }

    private static void sleep() throws InterruptedIOException {
        try {
            Thread.sleep(FALLBACK_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the host");
        }
    }

    /** Ends a wait in progress; the set's descriptors are released once no wait uses them. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!waiting) {
            release();
            return;
        }
        try {
            LibC.write(wake, ONE, 0, ONE.length);
        } catch (SystemError e) {
            // The counter cannot overflow from one write; nothing else can fail on an eventfd.
        }
    }

    private void release() {
        closeQuietly(wake);
        closeQuietly(epoll);
        wake = -1;
        epoll = -1;
    }

    private static void closeQuietly(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            LibC.close(fd);
        } catch (SystemError ignored) {
            // The descriptor is released even when close reports an error.
        }
    }
}
