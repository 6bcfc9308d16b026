// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.EBUSY;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_CLOEXEC;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_NOCTTY;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_NONBLOCK;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_RDWR;

import dev.jga.agent.platform.SystemError;
import dev.jga.agent.transport.Connection;
import dev.jga.agent.transport.Transport;
import dev.jga.platform.linux.nativeapi.LibC;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/**
 * {@code --method=virtio-serial} and {@code isa-serial}: one character device, opened once and
 * kept open (a second open of a virtio port fails with EBUSY). The host's attach/detach periods
 * become successive {@link Connection}s on the same descriptor; see {@link PortConnection}.
 *
 * <p>Opened non-blocking like qemu-ga (channel-posix.c: O_RDWR|O_NONBLOCK, plus O_NOCTTY as for
 * isa-serial), without O_ASYNC: the JVM must not receive SIGIO. A read or write error other than
 * "no host" (e.g. ENODEV after hot-unplug) breaks the transport: the session ends and the next
 * {@link #accept()} throws, so the agent's --retry-path logic re-opens the port.
 */
public final class PortTransport implements Transport {

    private final String method;
    private final String path;
    private final Descriptor port;
    private final PortWakeups wakeups;
    private volatile IOException failure;
    private volatile boolean closed;

    private PortTransport(String method, String path, int fd) {
        this.method = method;
        this.path = path;
        this.wakeups = new PortWakeups(fd);
        this.port = Descriptor.port(fd, path, wakeups);
    }

    /** Opens a virtio-serial port, e.g. /dev/virtio-ports/org.qemu.guest_agent.0. */
    public static PortTransport virtioSerial(String path) throws SystemError {
        return new PortTransport("virtio-serial", path, openPort(path));
    }

    /** Opens a serial line, e.g. /dev/ttyS0, and makes it raw the way qemu-ga does. */
    public static PortTransport isaSerial(String path) throws SystemError {
        int fd = openPort(path);
        SerialLine.makeRaw(fd);
        return new PortTransport("isa-serial", path, fd);
    }

    /** A port over an already-open, non-blocking descriptor: lets tests drive the logic with a FIFO or pty. */
    static PortTransport over(String method, String path, int fd) {
        return new PortTransport(method, path, fd);
    }

    /** qemu's "error opening channel '%s'" with strerror; EBUSY gets a hint, since it usually means a second agent. */
    private static int openPort(String path) throws SystemError {
        try {
            return LibC.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0);
        } catch (SystemError e) {
            String call = "error opening channel '" + path + "'"
                    + (e.errno() == EBUSY ? " (another process, e.g. a running guest agent, has it open)" : "");
            throw new SystemError(e.errno(), e.strerror(), call);
        }
    }

    /** A new session on the same descriptor; throws once the port is closed or has failed. */
    @Override
    public Connection accept() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        IOException broken = failure;
        if (broken != null) {
            throw new IOException(describe() + " failed: " + broken.getMessage(), broken);
        }
        return new PortConnection(port, wakeups, this::fail);
    }

    private void fail(IOException e) {
        if (!closed) {
            failure = e;
        }
    }

    @Override
    public boolean concurrent() {
        return false;
    }

    @Override
    public String describe() {
        return method + ":" + path;
    }

    /**
     * Closes the port; a session waiting for a host or for data sees the close at once, one
     * waiting to write to a full port within {@link Descriptor#WAKE_INTERVAL_MILLIS}.
     */
    @Override
    public void close() throws IOException {
        closed = true;
        wakeups.close(); // before the port: its wait set watches the port's descriptor
        port.close();
    }
}
