// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The smallest client that can measure an agent: one request, one reply line, no resync. */
final class WireClient implements AutoCloseable {

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 20).flip();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(1 << 16);

    private WireClient(SocketChannel channel) {
        this.channel = channel;
    }

    static WireClient connect(Path socket) throws IOException {
        return new WireClient(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    }

    /** Sends {@code request} and returns the parsed reply, failing on an error reply. */
    JsonObject call(String request) throws IOException {
        send(request);
        JsonObject reply = (JsonObject) JsonParser.parse(readLine());
        if (reply.has("error")) {
            throw new IOException("agent error: " + reply.get("error"));
        }
        return reply;
    }

    Json result(String request) throws IOException {
        return call(request).get("return");
    }

    void send(String request) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    /** One reply line without its newline (and without a 0xFF delimiter). */
    byte[] readLine() throws IOException {
        line.reset();
        while (true) {
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    return line.toByteArray();
                }
                if (b != (byte) 0xFF) {
                    line.write(b);
                }
            }
            in.clear();
            int n = channel.read(in);
            in.flip();
            if (n < 0) {
                throw new IOException("agent closed the connection");
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    static SocketChannel open(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
    }
}
