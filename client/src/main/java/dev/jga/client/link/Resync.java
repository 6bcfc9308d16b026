// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.link;

import dev.jga.client.AgentTimeoutException;
import dev.jga.client.AgentUnavailableException;
import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * The resynchronisation qga's schema prescribes (qga/qapi-schema.json, guest-sync-delimited):
 * send 0xFF (which makes qemu's lexer drop whatever another client left half-sent), then
 * {@code guest-sync-delimited} with a random id; skip everything up to the 0xFF that precedes the
 * answer; read replies until one returns the id. Tolerated on the way: the error qemu-ga gives to
 * the 0xFF itself ({@code JSON parse error, stray '\uFFFD'}), stale replies with other ids, lines
 * that are not JSON at all.
 *
 * <p>An attempt that gets no answer is repeated with a new id (any of our ids counts), with a
 * growing wait, until the sync timeout. An agent that lacks the delimited form (qemu-ga before
 * 1.1) answers CommandNotFound; then plain {@code guest-sync} is used the same way.
 */
final class Resync {

    /** The first attempt's wait; each further attempt waits twice as long (bounded by the sync timeout). */
    static final Duration FIRST_ATTEMPT = Duration.ofMillis(500);
    static final String DELIMITED = "guest-sync-delimited";
    static final String PLAIN = "guest-sync";

    interface Sender {
        void send(byte[] bytes, long deadlineNanos) throws IOException, TimeoutException;
    }

    interface Receiver {
        JsonObject next(long deadlineNanos) throws IOException, TimeoutException;
    }

    private final Sender sender;
    private final Receiver receiver;
    private final Duration timeout;
    private final String description;
    private final Set<Long> ids = new HashSet<>();

    Resync(Sender sender, Receiver receiver, Duration timeout, String description) {
        this.sender = sender;
        this.receiver = receiver;
        this.timeout = timeout;
        this.description = description;
    }

    void run() {
        long deadline = System.nanoTime() + timeout.toNanos();
        String command = DELIMITED;
        long wait = FIRST_ATTEMPT.toNanos();
        try {
            while (true) {
                long attemptDeadline = Math.min(deadline, System.nanoTime() + wait);
                sender.send(request(command), deadline);
                Outcome outcome = await(command, attemptDeadline);
                if (outcome == Outcome.SYNCED) {
                    return;
                }
                if (outcome == Outcome.NO_DELIMITED_FORM) {
                    command = PLAIN;
                    continue;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new AgentTimeoutException(command + " on " + description, timeout);
                }
                wait *= 2;
            }
        } catch (TimeoutException e) {
            throw new AgentTimeoutException(command + " on " + description, timeout);
        } catch (EOFException e) {
            throw new AgentUnavailableException(description + " closed the connection during " + command
                    + "; is something other than a guest agent listening there?", e);
        } catch (IOException e) {
            throw new AgentUnavailableException("lost " + description + " during " + command + ": "
                    + e.getMessage(), e);
        }
    }

    private enum Outcome { SYNCED, NO_DELIMITED_FORM, NO_ANSWER }

    private Outcome await(String command, long attemptDeadline) throws IOException {
        while (true) {
            JsonObject reply;
            try {
                reply = receiver.next(attemptDeadline);
            } catch (TimeoutException e) {
                return Outcome.NO_ANSWER;
            } catch (LineReader.Oversized e) {
                continue; // a huge stale reply: skipped, keep looking
            }
            if (reply.get("return") instanceof JsonInteger echoed && ids.contains(echoed.value())) {
                return Outcome.SYNCED;
            }
            if (command.equals(DELIMITED) && lacksDelimitedForm(reply)) {
                return Outcome.NO_DELIMITED_FORM;
            }
            // Anything else is stale or the error for our 0xFF: skip it.
        }
    }

    private static boolean lacksDelimitedForm(JsonObject reply) {
        if (!(reply.get("error") instanceof JsonObject error)) {
            return false;
        }
        Json errorClass = error.get("class");
        Json desc = error.get("desc");
        return errorClass instanceof JsonString c && c.value().equals("CommandNotFound")
                && desc instanceof JsonString d && d.value().contains(DELIMITED);
    }

    private byte[] request(String command) {
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        ids.add(id);
        JsonObject sync = JsonObject.builder().put("execute", command)
                .put("arguments", JsonObject.builder().put("id", id).build()).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(LineReader.DELIMITER);
        bytes.writeBytes(StreamLink.encode(sync));
        return bytes.toByteArray();
    }
}
