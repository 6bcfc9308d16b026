// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.link;

import dev.jga.client.AgentProtocolException;
import dev.jga.client.AgentTimeoutException;
import dev.jga.client.AgentUnavailableException;
import dev.jga.client.Target;
import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * A byte-stream connection to the agent's channel (QEMU's socket chardev, unix or TCP): the
 * connection every real client has, with the agent's leftovers and another client's garbage in
 * it. The link {@linkplain Resync resynchronises} when it opens and after any timeout or
 * oversized reply, and tags each request with an {@code id} so a late reply to an abandoned
 * request is never taken for the current one.
 */
public final class StreamLink implements Link {

    /**
     * The largest reply line accepted: a 48 MiB guest-file-read (GUEST_FILE_READ_COUNT_MAX) is
     * 64 MiB of base64, and a guest-exec-status with two full 16 MiB captures is about 45 MB.
     */
    public static final int MAX_REPLY_BYTES = 80 << 20;
    /** qemu's MAX_TOKEN_SIZE (json-streamer.c): the agent rejects a request whose tokens exceed 64 MiB. */
    public static final long MAX_REQUEST_BYTES = 64L << 20;

    private final RawLink raw;
    private final Duration syncTimeout;
    private boolean synced;
    /** The resync's ids: a late answer to one of its attempts is not the answer to a later request. */
    private Set<Long> syncIds = Set.of();
    private long nextId = ThreadLocalRandom.current().nextLong(1, 1L << 40);

    private StreamLink(RawLink raw, Duration syncTimeout) {
        this.raw = raw;
        this.syncTimeout = syncTimeout;
    }

    /**
     * Connects to {@code target} and resynchronises.
     *
     * @throws AgentUnavailableException when nothing can be reached there
     * @throws AgentTimeoutException when the connection opened but the agent did not answer the sync
     */
    public static StreamLink open(Target target, Duration syncTimeout) {
        RawLink raw = RawLink.open(target, syncTimeout);
        try {
            return over(raw, syncTimeout);
        } catch (RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Speaks the protocol over a connection a test has used raw (garbage, half requests):
     * resynchronises first. Closing the link closes {@code raw}.
     */
    public static StreamLink over(RawLink raw, Duration syncTimeout) {
        StreamLink link = new StreamLink(raw, syncTimeout);
        link.resync();
        return link;
    }

    @Override
    public JsonObject exchange(String command, JsonObject arguments, boolean successResponse, Duration timeout) {
        if (!synced) {
            resync();
        }
        long id = nextId++;
        JsonObject.Builder request = JsonObject.builder().put("execute", command);
        if (!arguments.members().isEmpty()) {
            request.put("arguments", arguments);
        }
        if (!successResponse) {
            return exchangeWithoutSuccessReply(command, request.put("id", id).build(), id, timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        send(encode(request.put("id", id).build()), deadline, command, timeout);
        return awaitReply(id, deadline, command, timeout);
    }

    /**
     * guest-shutdown and friends answer nothing on success: send a guest-sync right behind the
     * command; its reply means the command was accepted, an error with our id means it was not,
     * and silence or a closed connection means the guest went down as asked.
     */
    private JsonObject exchangeWithoutSuccessReply(String command, JsonObject request, long id, Duration timeout) {
        long syncId = nextId++;
        JsonObject probe = JsonObject.builder().put("execute", "guest-sync")
                .put("arguments", JsonObject.builder().put("id", syncId).build())
                .put("id", syncId).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(encode(request));
        both.writeBytes(encode(probe));
        send(both.toByteArray(), deadline, command, timeout);
        try {
            while (true) {
                JsonObject reply = readObject(deadline);
                Optional<Json> replyId = Optional.ofNullable(reply.get("id"));
                if (replyId.equals(Optional.of(new JsonInteger(id)))) {
                    return reply;
                }
                if (replyId.equals(Optional.of(new JsonInteger(syncId)))) {
                    return JsonObject.builder().put("return", JsonObject.EMPTY).build();
                }
            }
        } catch (TimeoutException | EOFException gone) {
            synced = false;
            return JsonObject.builder().put("return", JsonObject.EMPTY).build();
        } catch (IOException e) {
            synced = false;
            throw broken(command, e);
        }
    }

    private JsonObject awaitReply(long id, long deadline, String command, Duration timeout) {
        JsonInteger wanted = new JsonInteger(id);
        try {
            while (true) {
                JsonObject reply = readObject(deadline);
                Json replyId = reply.get("id");
                // Without an id (an agent that does not echo it) the in-order rule makes it ours,
                // unless it is the late answer to a resync attempt (those carry no id).
                if (replyId == null ? !isLateSyncAnswer(reply) : replyId.equals(wanted)) {
                    return reply;
                }
            }
        } catch (TimeoutException e) {
            synced = false;
            throw new AgentTimeoutException(command + " on " + raw.describe(), timeout);
        } catch (RawLink.Oversized e) {
            synced = false;
            throw new AgentProtocolException("the reply to " + command + " is larger than "
                    + (MAX_REPLY_BYTES >> 20) + " MiB; ask for less (a smaller count)", e);
        } catch (IOException e) {
            synced = false;
            throw broken(command, e);
        }
    }

    private boolean isLateSyncAnswer(JsonObject reply) {
        return reply.get("return") instanceof JsonInteger echoed && syncIds.contains(echoed.value());
    }

    /** The next line that is a JSON object; anything else in the stream is skipped. */
    private JsonObject readObject(long deadline) throws IOException, TimeoutException {
        while (true) {
            byte[] line = raw.readUntil((byte) '\n', deadline, MAX_REPLY_BYTES);
            Optional<JsonObject> object = ReplyLine.parse(ReplyLine.afterDelimiter(line));
            if (object.isPresent()) {
                return object.get();
            }
        }
    }

    /** Runs the resynchronisation on this connection; public for tests of stale-data handling. */
    public void resync() {
        synced = false;
        syncIds = Resync.retrying(raw, syncTimeout, MAX_REPLY_BYTES);
        synced = true;
    }

    private void send(byte[] bytes, long deadline, String command, Duration timeout) {
        try {
            raw.send(bytes, deadline);
        } catch (TimeoutException e) {
            synced = false;
            throw new AgentTimeoutException("sending " + command + " to " + raw.describe(), timeout);
        } catch (IOException e) {
            synced = false;
            throw broken(command, e);
        }
    }

    private AgentUnavailableException broken(String command, IOException e) {
        return new AgentUnavailableException("lost the connection to " + raw.describe() + " during " + command
                + " (" + e.getMessage() + "); the agent or the VM stopped: check it and retry", e);
    }

    static byte[] encode(JsonObject request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            JsonWriter.write(request, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    @Override
    public Limits limits() {
        return new Limits(MAX_REQUEST_BYTES, MAX_REPLY_BYTES);
    }

    @Override
    public String describe() {
        return raw.describe();
    }

    @Override
    public void close() {
        raw.close();
    }
}
