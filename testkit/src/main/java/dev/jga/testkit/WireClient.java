// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParser;
import dev.jga.protocol.json.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A raw host-side client, the way libvirt or Proxmox talk to the agent: bytes out, reply lines in.
 * Nothing is framed or fixed up, so tests see exactly what the agent wrote; every wait has a
 * deadline, so a silent agent fails a test instead of hanging it.
 */
public final class WireClient implements AutoCloseable {

    /** How long a reply may take before the test fails: generous, the machines are shared and noisy. */
    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(20);
    /** How long "no reply" is watched for. Silence cannot be proven, only observed for a while. */
    public static final Duration SILENCE = Duration.ofMillis(400);
    /** The resynchronisation sentinel of guest-sync-delimited (qga/qapi-schema.json). */
    public static final int SENTINEL = 0xFF;

    private final SocketChannel channel;
    // One selector per direction: a writer thread and a reader thread may wait at the same time.
    private final Selector readable;
    private final Selector writable;
    private final Supplier<String> context;
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private int scanned;
    private boolean peerClosed;

    private WireClient(SocketChannel channel, Supplier<String> context) throws IOException {
        this.channel = channel;
        this.readable = Selector.open();
        this.writable = Selector.open();
        channel.register(readable, SelectionKey.OP_READ);
        channel.register(writable, SelectionKey.OP_WRITE);
        this.context = context;
    }

    /**
     * Connects to a unix socket; {@code context} adds e.g. the agent's stderr to failure messages.
     * A full listen backlog (qemu-ga serves one client at a time) makes a blocking connect wait
     * forever, so the connect is non-blocking and retried until {@link #REPLY_TIMEOUT}.
     */
    public static WireClient connect(Path socket, Supplier<String> context) throws IOException {
        long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
        while (true) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.configureBlocking(false);
                if (channel.connect(UnixDomainSocketAddress.of(socket)) || channel.finishConnect()) {
                    return new WireClient(channel, context);
                }
                throw new IOException("connect did not complete");
            } catch (IOException e) {
                channel.close();
                if (System.nanoTime() > deadline || !String.valueOf(e.getMessage()).contains("temporarily unavailable")) {
                    throw e;
                }
            } catch (RuntimeException e) {
                channel.close();
                throw e;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while connecting", e);
            }
        }
    }

    /** Sends exactly these UTF-8 bytes (no newline is added). */
    public WireClient send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code json} followed by {@code \n}, as line-oriented clients do. */
    public WireClient sendLine(String json) {
        return send(json + "\n");
    }

    /** Sends exactly these bytes, failing if the agent stops reading for {@link #REPLY_TIMEOUT}. */
    public WireClient send(byte[] bytes) {
        int sent = sendSome(bytes, REPLY_TIMEOUT);
        if (sent < bytes.length) {
            throw failure("the agent stopped reading: sent " + sent + " of " + bytes.length + " bytes");
        }
        return this;
    }

    /** Sends as much of {@code bytes} as the agent accepts within {@code patience}; returns the count. */
    public int sendSome(byte[] bytes, Duration patience) {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (out.hasRemaining()) {
                if (channel.write(out) == 0 && !await(SelectionKey.OP_WRITE, deadline)) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sending to the agent" + contextSuffix(), e);
        }
        return out.position();
    }

    /** Sends {@code json + "\n"} and reads one reply line, parsed; fails on a 0xFF prefix. */
    public Json request(String json) {
        sendLine(json);
        return readReply();
    }

    /** The next reply line parsed as JSON; fails if it carries the 0xFF prefix. */
    public Json readReply() {
        byte[] line = readLine();
        if (line.length > 0 && (line[0] & 0xFF) == SENTINEL) {
            throw failure("unexpected 0xFF before reply: " + show(line));
        }
        return parse(line);
    }

    /** The next {@code count} replies. */
    public List<Json> readReplies(int count) {
        List<Json> replies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            replies.add(readReply());
        }
        return replies;
    }

    /** The next reply line without its {@code \n}, as raw bytes (a 0xFF prefix included). */
    public byte[] readLine() {
        return readLine(REPLY_TIMEOUT);
    }

    /** The next reply line without its {@code \n}; fails after {@code timeout} or on EOF. */
    public byte[] readLine(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (; scanned < end; scanned++) {
                if (buffer[scanned] == '\n') {
                    byte[] line = Arrays.copyOfRange(buffer, start, scanned);
                    start = ++scanned;
                    return line;
                }
            }
            if (peerClosed) {
                throw failure("the agent closed the connection; pending bytes: " + show(pending()));
            }
            if (!fill(deadline)) {
                throw failure("no reply line within " + timeout.toMillis() + " ms; pending bytes: " + show(pending()));
            }
        }
    }

    /** Discards input up to and including the next 0xFF, as the schema's resync procedure says. */
    public void skipToSentinel() {
        long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
        while (true) {
            for (int i = start; i < end; i++) {
                if ((buffer[i] & 0xFF) == SENTINEL) {
                    start = i + 1;
                    scanned = start;
                    return;
                }
            }
            start = end;
            scanned = end;
            if (peerClosed || !fill(deadline)) {
                throw failure("no 0xFF sentinel arrived");
            }
        }
    }

    /**
     * Brings the agent's parser and this connection into a known state: 0xFF (drops any partial
     * JSON, also one left by an earlier client of qemu-ga), then guest-sync-delimited with a random
     * id; discards everything up to the 0xFF and checks the id. qemu-ga's error for the 0xFF itself
     * comes before its sentinel and is discarded with the rest.
     */
    public WireClient resync() {
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        send(new byte[] {(byte) SENTINEL});
        sendLine("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":" + id + "}}");
        skipToSentinel();
        Json reply = parse(readLine());
        if (!(reply instanceof JsonObject object) || !JsonParser.parse(Long.toString(id)).equals(object.get("return"))) {
            throw failure("resync: expected return " + id + ", got " + JsonWriter.toString(reply));
        }
        return this;
    }

    /** Fails if any byte arrives within {@code quiet}. */
    public void expectSilence(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (start == end && !peerClosed && fill(deadline)) {
            // keep waiting until bytes arrive or the window ends
        }
        if (start != end) {
            throw failure("expected no reply, got: " + show(pending()));
        }
    }

    /** Whether the agent closed its side (EOF) within {@code timeout}. */
    public boolean closedByPeer(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!peerClosed && fill(deadline)) {
            start = end;
            scanned = end;
        }
        return peerClosed;
    }

    /** Waits until at least {@code count} unconsumed bytes have arrived (e.g. the start of a big reply). */
    public void awaitBytes(int count) {
        long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
        while (end - start < count) {
            if (peerClosed || !fill(deadline)) {
                throw failure("only " + (end - start) + " of " + count + " bytes arrived");
            }
        }
    }

    /** Bytes received but not yet consumed as a line. */
    public byte[] pending() {
        return Arrays.copyOfRange(buffer, start, end);
    }

    /** Parses a reply line (a trailing {@code \r} is not stripped: qemu-ga never writes one). */
    public Json parse(byte[] line) {
        try {
            return JsonParser.parse(line);
        } catch (RuntimeException e) {
            throw failure("reply is not JSON (" + e.getMessage() + "): " + show(line));
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
            readable.close();
            writable.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An assertion failure that carries the agent's context (its stderr). */
    public AssertionError failure(String message) {
        return new AssertionError(message + contextSuffix());
    }

    private String contextSuffix() {
        String text = context.get();
        return text.isBlank() ? "" : "\n--- agent stderr ---\n" + text;
    }

    private boolean fill(long deadline) {
        try {
            if (start > 0 && start == end) {
                start = 0;
                end = 0;
                scanned = 0;
            }
            if (end == buffer.length) {
                compactOrGrow();
            }
            int n = channel.read(ByteBuffer.wrap(buffer, end, buffer.length - end));
            if (n < 0) {
                peerClosed = true;
                return true;
            }
            if (n > 0) {
                end += n;
                return true;
            }
            return await(SelectionKey.OP_READ, deadline);
        } catch (IOException e) {
            // ECONNRESET and friends: the agent went away.
            peerClosed = true;
            return true;
        }
    }

    private void compactOrGrow() {
        int live = end - start;
        byte[] target = live > buffer.length / 2 ? new byte[buffer.length * 2] : buffer;
        System.arraycopy(buffer, start, target, 0, live);
        buffer = target;
        scanned -= start;
        start = 0;
        end = live;
    }

    private boolean await(int op, long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        Selector selector = op == SelectionKey.OP_READ ? readable : writable;
        selector.select(Math.max(1, left / 1_000_000));
        selector.selectedKeys().clear();
        return true;
    }

    /** A reply line for humans: printable ASCII kept, other bytes as \xHH, long lines cut. */
    public static String show(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        int limit = Math.min(bytes.length, 600);
        for (int i = 0; i < limit; i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F) {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        if (bytes.length > limit) {
            text.append("… (").append(bytes.length).append(" bytes)");
        }
        return text.toString();
    }
}
