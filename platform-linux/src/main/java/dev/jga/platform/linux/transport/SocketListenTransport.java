// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.AF_VSOCK;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.F_GETFL;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.F_SETFL;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_NONBLOCK;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.SOCK_CLOEXEC;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.SOCK_NONBLOCK;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.SOCK_STREAM;

import dev.jga.agent.platform.SystemError;
import dev.jga.agent.transport.Connection;
import dev.jga.agent.transport.Transport;
import dev.jga.platform.linux.nativeapi.LibC;
import dev.jga.platform.linux.nativeapi.Sockets;
import java.io.IOException;

/**
 * A listening socket the JDK cannot open or adopt: {@code --method=vsock-listen} (AF_VSOCK), or a
 * socket inherited from systemd (unix or vsock). Every accepted client is its own connection,
 * served concurrently, as the agent's unix-listen does.
 */
public final class SocketListenTransport implements Transport {

    /** qemu-ga's backlog for vsock-listen (channel-posix.c: socket_listen(addr, 1, errp)). */
    static final int VSOCK_BACKLOG = 1;

    private final String description;
    private final Descriptor listener;

    private SocketListenTransport(String description, Descriptor listener) {
        this.description = description;
        this.listener = listener;
    }

    /** Listens on {@code <cid>:<port>}; the errors are qemu's ("Failed to create socket: ..."). */
    public static SocketListenTransport vsock(String path) throws IOException {
        VsockAddress address = VsockAddress.parse(path);
        int fd;
        try {
            fd = Sockets.socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        } catch (SystemError e) {
            throw renamed(e, "Failed to create socket");
        }
        try {
            bindAndListen(fd, address);
        } catch (SystemError | RuntimeException e) {
            closeQuietly(fd);
            throw e;
        }
        return new SocketListenTransport("vsock-listen:" + address, Descriptor.socket(fd, "vsock:" + address));
    }

    private static void bindAndListen(int fd, VsockAddress address) throws SystemError {
        try {
            Sockets.bindVsock(fd, address.cid(), address.port());
        } catch (SystemError e) {
            throw renamed(e, "Failed to bind socket");
        }
        try {
            Sockets.listen(fd, VSOCK_BACKLOG);
        } catch (SystemError e) {
            throw renamed(e, "Failed to listen on socket");
        }
    }

    /** Serves an already-listening socket (made non-blocking here); {@code description} names it in logs. */
    public static SocketListenTransport adopt(int fd, String description) throws SystemError {
        LibC.fcntl(fd, F_SETFL, LibC.fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
        return new SocketListenTransport(description, Descriptor.socket(fd, description));
    }

    @Override
    public Connection accept() throws IOException {
        int client = listener.accept(SOCK_CLOEXEC | SOCK_NONBLOCK);
        return new SocketConnection(Descriptor.socket(client, "client of " + description + " (fd " + client + ")"));
    }

    @Override
    public boolean concurrent() {
        return true;
    }

    @Override
    public String describe() {
        return description;
    }

    /** Stops listening; a thread waiting in {@link #accept()} sees the close within a poll slice. */
    @Override
    public void close() throws IOException {
        listener.close();
    }

    /** qemu's error_setg_errno(errp, errno, message): the message, then strerror. */
    private static SystemError renamed(SystemError e, String message) {
        return new SystemError(e.errno(), e.strerror(), message);
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (SystemError ignored) {
            // Released anyway.
        }
    }
}
