// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import dev.jga.client.AgentClientException;
import dev.jga.client.Target;
import dev.jga.client.link.RawLink;
import dev.jga.client.link.Resync;
import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParseException;
import dev.jga.protocol.json.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The host's end of the unix socket behind the guest's virtio-serial port, on the client
 * library's {@link RawLink}: bytes out, newline-terminated replies in, every wait bounded. Raw,
 * not the typed client: the tests must see the wire, including what the resync discards.
 */
final class QgaConnection implements AutoCloseable {

    /** Longest wait for one reply; TCG is slow but a reply within this long is otherwise a hang. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private final RawLink raw;

    private QgaConnection(RawLink raw) {
        this.raw = raw;
    }

    static QgaConnection open(Path socket) throws IOException {
        try {
            return new QgaConnection(RawLink.open(new Target.Unix(socket), REPLY_TIMEOUT));
        } catch (AgentClientException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * What a resync threw away, as text: stale replies, the error the agent answers our 0xFF with,
     * reply lines that were not our sync id.
     */
    record Resynced(List<String> discardedLines) {}

    /**
     * The qga-schema client procedure (qga/qapi-schema.json, guest-sync-delimited), once: 0xFF
     * then guest-sync-delimited, skip input up to a 0xFF, then read replies until one returns
     * the id.
     */
    Resynced syncDelimited() throws IOException {
        return syncDelimited(REPLY_TIMEOUT);
    }

    /** {@link #syncDelimited()} with another bound on the wait. */
    Resynced syncDelimited(Duration timeout) throws IOException {
        try {
            return new Resynced(Resync.once(raw, timeout));
        } catch (AgentClientException e) {
            throw new IOException(e.getMessage() + "; received: " + abbreviate(received()), e);
        }
    }

    /** Sends one request and returns its reply (the next reply line). */
    JsonObject execute(String request) throws IOException {
        send(request);
        return readReply();
    }

    /** The next reply line, parsed. */
    JsonObject readReply() throws IOException {
        String line = readRawLine();
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
        try {
            return new String(raw.readUntil((byte) '\n', RawLink.deadline(REPLY_TIMEOUT)), StandardCharsets.UTF_8);
        } catch (TimeoutException e) {
            throw new IOException("timed out waiting for a reply line; received: " + abbreviate(received()), e);
        }
    }

    void send(String text) throws IOException {
        try {
            raw.send(text.getBytes(StandardCharsets.UTF_8), RawLink.deadline(REPLY_TIMEOUT));
        } catch (TimeoutException e) {
            throw new IOException("the guest stopped reading for " + REPLY_TIMEOUT, e);
        }
    }

    @Override
    public void close() {
        raw.close();
    }

    private String received() {
        return new String(raw.pending(), StandardCharsets.UTF_8);
    }

    static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 200) + "…(" + text.length() + " chars)…"
                + text.substring(text.length() - 200);
    }
}
