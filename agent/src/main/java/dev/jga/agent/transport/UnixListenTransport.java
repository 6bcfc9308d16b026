// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.transport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code --method=unix-listen}: plain JDK, so it lives in the agent, not in a platform module.
 * Unlike qemu-ga, which serves one client and leaves the rest in the backlog, every accepted
 * client is served at once, each on its own ordered stream.
 */
public final class UnixListenTransport implements Transport {

    private final Path path;
    private final ServerSocketChannel server;

    private UnixListenTransport(Path path, ServerSocketChannel server) {
        this.path = path;
        this.server = server;
    }

    /**
     * Starts the JDK's one-time set-up of unix sockets on a helper thread, so that on a guest
     * with more than one CPU it overlaps the rest of the agent's start instead of delaying the
     * first reply. JDK 25's {@code sun.nio.ch.UnixDomainSockets} makes a {@code SecureRandom} in
     * its static initialiser (for auto-bound socket names, which the agent never uses): loading
     * the security providers and properties costs ~8 ms, the largest single item before the
     * first reply (docs/performance.md). Opening and closing an unbound socket runs all of it;
     * {@link #listen} then finds it done, or waits for it. On one CPU this changes nothing.
     */
    public static void prepareInBackground() {
        Thread.ofPlatform().daemon().name("unix-socket-setup").start(() -> {
            try {
                ServerSocketChannel.open(StandardProtocolFamily.UNIX).close();
            } catch (IOException | UnsupportedOperationException e) {
                // listen() opens its own socket and reports what fails there
            }
        });
    }

    /** Listens on {@code path}, replacing a stale socket file left by a previous run (as qemu's unix_listen does). */
    public static UnixListenTransport listen(Path path) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return new UnixListenTransport(path, server);
    }

    /** Serves an already-listening socket (systemd socket activation). */
    public static UnixListenTransport adopt(ServerSocketChannel server, Path path) {
        return new UnixListenTransport(path, server);
    }

    @Override
    public Connection accept() throws IOException {
        return new SocketConnection(server.accept(), path);
    }

    @Override
    public boolean concurrent() {
        return true;
    }

    @Override
    public String describe() {
        return "unix-listen:" + path;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }

    /** One accepted client. */
    private record SocketConnection(SocketChannel channel, Path path) implements Connection {
        @Override
        public InputStream input() {
            return Channels.newInputStream(channel);
        }

        @Override
        public OutputStream output() {
            return Channels.newOutputStream(channel);
        }

        @Override
        public String describe() {
            return "client of " + path + " (" + Integer.toHexString(System.identityHashCode(channel)) + ")";
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
