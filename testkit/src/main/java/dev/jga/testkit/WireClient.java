// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import dev.jga.client.AgentClientException;
import dev.jga.client.link.RawLink;
import dev.jga.client.link.Resync;
import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParser;
import dev.jga.protocol.json.JsonWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A raw host-side client, the way libvirt or Proxmox talk to the agent: bytes out, reply lines in.
 * Nothing is framed or fixed up, so tests see exactly what the agent wrote; every wait has a
 * deadline, so a silent agent fails a test instead of hanging it. The bytes travel over the client
 * library's {@link RawLink}; this class turns its outcomes into assertion failures that carry the
 * agent's log.
 */
public final class WireClient implements AutoCloseable {

    /** How long a reply may take before the test fails: generous, the machines are shared and noisy. */
    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(20);
    /** How long "no reply" is watched for. Silence cannot be proven, only observed for a while. */
    public static final Duration SILENCE = Duration.ofMillis(400);
    /** The resynchronisation sentinel of guest-sync-delimited (qga/qapi-schema.json). */
    public static final int SENTINEL = 0xFF;

    private final RawLink raw;
    private final Supplier<String> context;

    private WireClient(RawLink raw, Supplier<String> context) {
        this.raw = raw;
        this.context = context;
    }

    /**
     * Connects to a unix socket; {@code context} adds e.g. the agent's stderr to failure messages.
     * A full listen backlog (qemu-ga serves one client at a time) is waited out for up to
     * {@link #REPLY_TIMEOUT}.
     */
    public static WireClient connect(Path socket, Supplier<String> context) throws IOException {
        try {
            return new WireClient(RawLink.open(new dev.jga.client.Target.Unix(socket), REPLY_TIMEOUT), context);
        } catch (AgentClientException e) {
            throw new IOException(e.getMessage(), e);
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
        try {
            return raw.sendSome(bytes, RawLink.deadline(patience));
        } catch (IOException e) {
            throw new UncheckedIOException("sending to the agent" + contextSuffix(), e);
        }
    }

    /** Sends {@code json + "\n"} and reads one reply line, parsed; fails on a 0xFF prefix. */
    public Json request(String json) {
        sendLine(json);
        return readReply();
    }

    /** Sends {@code json} and returns the {@code return} member of its reply; fails on an error reply. */
    public Json ok(String json) {
        Json reply = request(json);
        if (!(reply instanceof JsonObject object) || !object.has("return")) {
            throw failure("reply to " + json + ": " + JsonWriter.toString(reply));
        }
        return object.get("return");
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
        return readUntil((byte) '\n', timeout, "no reply line within " + timeout.toMillis() + " ms");
    }

    /** Discards input up to and including the next 0xFF, as the schema's resync procedure says. */
    public void skipToSentinel() {
        skipToSentinel(REPLY_TIMEOUT);
    }

    /** As {@link #skipToSentinel()}, waiting up to {@code timeout} (after a message of many MiB). */
    public void skipToSentinel(Duration timeout) {
        readUntil((byte) SENTINEL, timeout, "no 0xFF sentinel arrived within " + timeout.toMillis() + " ms");
    }

    /**
     * Brings the agent's parser and this connection into a known state with the client library's
     * resynchronisation, in its single-attempt form: 0xFF (drops any partial JSON, also one left by
     * an earlier client of qemu-ga), then guest-sync-delimited with a random id; everything up to
     * its reply is discarded, qemu-ga's error for the 0xFF included.
     */
    public WireClient resync() {
        try {
            Resync.once(raw, REPLY_TIMEOUT);
        } catch (AgentClientException e) {
            throw failure("resync: " + e.getMessage() + "; pending bytes: " + show(pending()));
        }
        return this;
    }

    /** Fails if any byte arrives within {@code quiet}. */
    public void expectSilence(Duration quiet) {
        try {
            raw.awaitBytes(1, RawLink.deadline(quiet));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (raw.pending().length > 0) {
            throw failure("expected no reply, got: " + show(pending()));
        }
    }

    /** Whether the agent closed its side (EOF) within {@code timeout}. */
    public boolean closedByPeer(Duration timeout) {
        try {
            return raw.awaitClose(RawLink.deadline(timeout));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until at least {@code count} unconsumed bytes have arrived (e.g. the start of a big reply). */
    public void awaitBytes(int count) {
        try {
            if (!raw.awaitBytes(count, RawLink.deadline(REPLY_TIMEOUT))) {
                throw failure("only " + raw.pending().length + " of " + count + " bytes arrived");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes received but not yet consumed as a line. */
    public byte[] pending() {
        return raw.pending();
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
        raw.close();
    }

    /** An assertion failure that carries the agent's context (its stderr). */
    public AssertionError failure(String message) {
        return new AssertionError(message + contextSuffix());
    }

    private byte[] readUntil(byte delimiter, Duration timeout, String timedOut) {
        try {
            return raw.readUntil(delimiter, RawLink.deadline(timeout));
        } catch (TimeoutException e) {
            throw failure(timedOut + "; pending bytes: " + show(pending()));
        } catch (EOFException e) {
            throw failure("the agent closed the connection; pending bytes: " + show(pending()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String contextSuffix() {
        String text = context.get();
        return text.isBlank() ? "" : "\n--- agent stderr ---\n" + text;
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
