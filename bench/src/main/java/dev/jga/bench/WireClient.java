// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParser;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** The smallest client that can measure an agent: one request, one reply line, no resync. */
final class WireClient implements AutoCloseable {

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 20).flip();
    /** The reply line being read; kept between calls, so a 20 MB reply does not regrow it each time. */
    private byte[] line = new byte[1 << 16];
    private int lineLength;

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

    /**
     * Sends {@code request} and returns its reply line unparsed, for replies too big to parse
     * cheaply: a view of the client's buffer (position 0 to limit), valid until the next call.
     */
    ByteBuffer callRaw(String request) throws IOException {
        send(request);
        readLineInPlace();
        return ByteBuffer.wrap(line, 0, lineLength);
    }

    /**
     * The qemu-ga client's resync (qemu's qga/qapi-schema.json, guest-sync-delimited): 0xFF, then
     * guest-sync-delimited with {@code id}; lines are read and dropped until the one that returns
     * {@code id}. A virtio-serial port may hold a former host's unread replies, or none yet.
     */
    void syncDelimited(long id) throws IOException {
        ByteBuffer request = ByteBuffer.allocate(100);
        request.put((byte) 0xFF).put(("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":" + id + "}}")
                .getBytes(StandardCharsets.US_ASCII)).flip();
        while (request.hasRemaining()) {
            channel.write(request);
        }
        byte[] expected = ("{\"return\": " + id + "}").getBytes(StandardCharsets.US_ASCII);
        byte[] compact = ("{\"return\":" + id + "}").getBytes(StandardCharsets.US_ASCII);
        while (true) {
            readLineInPlace();
            byte[] got = Arrays.copyOf(line, lineLength);
            if (endsWith(got, expected) || endsWith(got, compact)) {
                return;
            }
        }
    }

    private static boolean endsWith(byte[] text, byte[] suffix) {
        return text.length >= suffix.length
                && Arrays.equals(text, text.length - suffix.length, text.length, suffix, 0, suffix.length);
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

    /**
     * One reply line without its newline (and without a 0xFF delimiter). Scans the buffer in bulk:
     * the client must cost far less than the agents it measures, or the ratios flatten towards 1.
     */
    byte[] readLine() throws IOException {
        readLineInPlace();
        return Arrays.copyOf(line, lineLength);
    }

    private void readLineInPlace() throws IOException {
        lineLength = 0;
        while (true) {
            int start = in.position();
            int limit = in.limit();
            byte[] array = in.array();
            for (int i = start; i < limit; i++) {
                if (array[i] == '\n') {
                    append(array, start, i);
                    in.position(i + 1);
                    return;
                }
            }
            append(array, start, limit);
            in.clear();
            int n = channel.read(in);
            in.flip();
            if (n < 0) {
                throw new IOException("agent closed the connection");
            }
        }
    }

    private void append(byte[] array, int from, int to) {
        if (from < to && array[from] == (byte) 0xFF && lineLength == 0) {
            from++;
        }
        int n = to - from;
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(lineLength + n, 2 * line.length));
        }
        System.arraycopy(array, from, line, lineLength, n);
        lineLength += n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
