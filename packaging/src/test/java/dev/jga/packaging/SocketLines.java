// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A unix-socket connection to one of QEMU's chardev sockets, read with deadlines: every wait in
 * the VM test is bounded, and a guest that stops answering fails the test instead of hanging it.
 */
final class SocketLines implements AutoCloseable {

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 16).flip();

    private SocketLines(SocketChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    static SocketLines connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        channel.configureBlocking(false);
        Selector selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        return new SocketLines(channel, selector);
    }

    void send(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    /** The next byte, or empty when none arrives before {@code deadline} (System.nanoTime()). */
    Optional<Integer> read(long deadline) throws IOException {
        while (!in.hasRemaining()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            in.clear();
            int n = channel.read(in);
            in.flip();
            if (n < 0) {
                throw new IOException("QEMU closed the socket");
            }
        }
        return Optional.of(in.get() & 0xFF);
    }

    /** The next line without its newline (0xFF bytes dropped), or empty at the deadline. */
    Optional<String> line(long deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            Optional<Integer> b = read(deadline);
            if (b.isEmpty()) {
                return Optional.empty();
            }
            if (b.get() == '\n') {
                return Optional.of(line.toString(StandardCharsets.UTF_8));
            }
            if (b.get() != 0xFF) {
                line.write(b.get());
            }
        }
    }

    static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
