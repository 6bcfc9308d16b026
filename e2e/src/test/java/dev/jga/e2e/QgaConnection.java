// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParseException;
import dev.jga.protocol.json.JsonParser;
import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A raw host-side QGA connection to the unix socket behind the guest's virtio-serial port: bytes
 * out, newline-terminated replies in, every wait bounded. Deliberately minimal (not the client
 * library): the tests must see the wire, including what the resync discards.
 */
final class QgaConnection implements AutoCloseable {

    /** Longest wait for one reply; TCG is slow but a reply within this long is otherwise a hang. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    /** 0xFF: never valid UTF-8, so it resets qemu's lexer on input and marks guest-sync-delimited's reply. */
    static final byte SENTINEL = (byte) 0xFF;

    private final SocketChannel channel;
    private final Selector selector;
    private byte[] pending = new byte[64 * 1024];
    private int pendingLength;

    private QgaConnection(SocketChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    static QgaConnection open(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        try {
            channel.configureBlocking(false);
            Selector selector = Selector.open();
            return new QgaConnection(channel, selector);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * What a resync threw away: the bytes before the 0xFF sentinel (stale replies, the error the
     * agent answers our 0xFF with) and whole reply lines after it that were not our sync id.
     */
    record Resync(byte[] beforeSentinel, List<String> linesAfterSentinel) {

        /** Every discarded reply line, before and after the sentinel, as text. */
        List<String> discardedLines() {
            List<String> lines = new ArrayList<>();
            for (String line : new String(beforeSentinel, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            lines.addAll(linesAfterSentinel);
            return lines;
        }
    }

    /**
     * The client procedure qga/qapi-schema.json documents for guest-sync-delimited: send 0xFF then
     * guest-sync-delimited, skip input up to and including a 0xFF, then read replies until one
     * returns {@code id}.
     */
    Resync syncDelimited(long id) throws IOException {
        return syncDelimited(id, REPLY_TIMEOUT);
    }

    /** {@link #syncDelimited(long)} with another bound on the wait. */
    Resync syncDelimited(long id, Duration timeout) throws IOException {
        ByteBuffer request = ByteBuffer.allocate(1 + 80);
        request.put(SENTINEL).put(("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":" + id + "}}")
                .getBytes(StandardCharsets.US_ASCII)).flip();
        send(request);
        long deadline = deadlineAfter(timeout);
        byte[] before = readUntil(SENTINEL, deadline);
        List<String> after = new ArrayList<>();
        while (true) {
            String line = readLine(deadline);
            String json = line.replace("\uFFFD", ""); // a later 0xFF (a stale delimited reply): skip it too
            if (json.isBlank()) {
                continue;
            }
            if (returnsId(json, id)) {
                return new Resync(before, after);
            }
            after.add(line);
        }
    }

    /** Sends one request and returns its reply (the next reply line). */
    JsonObject execute(String request) throws IOException {
        send(request);
        return readReply();
    }

    /** The next reply line, parsed. */
    JsonObject readReply() throws IOException {
        String line = readLine(deadlineAfter(REPLY_TIMEOUT));
        Json reply;
        try {
            reply = JsonParser.parse(line);
        } catch (JsonParseException e) {
            throw new IOException("reply is not JSON (" + e.getMessage() + "): " + abbreviate(line), e);
        }
        if (!(reply instanceof JsonObject object)) {
            throw new IOException("reply is not a JSON object: " + abbreviate(line));
        }
        return object;
    }

    /** The next reply line's exact text (without the newline): for wire-exact assertions. */
    String readRawLine() throws IOException {
        return readLine(deadlineAfter(REPLY_TIMEOUT));
    }

    void send(String text) throws IOException {
        send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    void send(byte[] bytes) throws IOException {
        send(ByteBuffer.wrap(bytes));
    }

    private void send(ByteBuffer bytes) throws IOException {
        long deadline = deadlineAfter(REPLY_TIMEOUT);
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) == 0) {
                await(SelectionKey.OP_WRITE, deadline, "sending " + bytes.remaining() + " more bytes");
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }

    private String readLine(long deadline) throws IOException {
        return new String(readUntil((byte) '\n', deadline), StandardCharsets.UTF_8);
    }

    /** The bytes before the next {@code delimiter}; the delimiter is consumed. */
    private byte[] readUntil(byte delimiter, long deadline) throws IOException {
        int scanned = 0;
        while (true) {
            for (; scanned < pendingLength; scanned++) {
                if (pending[scanned] == delimiter) {
                    byte[] head = Arrays.copyOf(pending, scanned);
                    System.arraycopy(pending, scanned + 1, pending, 0, pendingLength - scanned - 1);
                    pendingLength -= scanned + 1;
                    return head;
                }
            }
            fill(deadline, delimiter);
        }
    }

    private void fill(long deadline, byte awaited) throws IOException {
        if (pendingLength == pending.length) {
            pending = Arrays.copyOf(pending, pending.length * 2);
        }
        while (true) {
            int n = channel.read(ByteBuffer.wrap(pending, pendingLength, pending.length - pendingLength));
            if (n < 0) {
                throw new EOFException("connection closed while waiting for " + describe(awaited) + "; received: "
                        + abbreviate(received()));
            }
            if (n > 0) {
                pendingLength += n;
                return;
            }
            await(SelectionKey.OP_READ, deadline, "waiting for " + describe(awaited) + "; received: "
                    + abbreviate(received()));
        }
    }

    private void await(int operation, long deadline, String what) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new QgaTimeoutException("timed out " + what);
        }
        SelectionKey key = channel.register(selector, operation);
        try {
            selector.select(left);
        } finally {
            key.interestOps(0);
            selector.selectedKeys().clear();
        }
    }

    private String received() {
        return new String(pending, 0, pendingLength, StandardCharsets.UTF_8);
    }

    private static boolean returnsId(String json, long id) {
        try {
            return JsonParser.parse(json) instanceof JsonObject reply
                    && reply.get("return") instanceof JsonInteger value && value.value() == id;
        } catch (JsonParseException notJson) {
            return false;
        }
    }

    private static String describe(byte b) {
        return b == SENTINEL ? "the 0xFF sentinel" : b == '\n' ? "a reply line" : "byte " + (b & 0xFF);
    }

    static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 200) + "…(" + text.length() + " chars)…"
                + text.substring(text.length() - 200);
    }

    /** A reply that did not come within {@link #REPLY_TIMEOUT}. */
    static final class QgaTimeoutException extends IOException {
        QgaTimeoutException(String message) {
            super(message);
        }
    }

    private static long deadlineAfter(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }
}
