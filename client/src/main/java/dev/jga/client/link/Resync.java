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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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
 * <p>{@link StreamLink} repeats an attempt that gets no answer with a new id (any of our ids
 * counts), with a growing wait, until the sync timeout. Tests that go on reading the raw stream
 * use {@link #once}: a second id in flight would leave its reply in their way. An agent that lacks
 * the delimited form (qemu-ga before 1.1) answers CommandNotFound; then plain {@code guest-sync} is
 * used the same way.
 */
public final class Resync {

    /** The first attempt's wait; each further attempt waits twice as long (bounded by the sync timeout). */
    static final Duration FIRST_ATTEMPT = Duration.ofMillis(500);
    static final String DELIMITED = "guest-sync-delimited";
    static final String PLAIN = "guest-sync";

    private final RawLink raw;
    private final Duration timeout;
    private final Duration firstAttempt;
    private final int maxLine;
    private final Set<Long> ids = new HashSet<>();
    private final List<String> skipped = new ArrayList<>();

    private Resync(RawLink raw, Duration timeout, Duration firstAttempt, int maxLine) {
        this.raw = raw;
        this.timeout = timeout;
        this.firstAttempt = firstAttempt;
        this.maxLine = maxLine;
    }

    /**
     * One attempt on a raw connection, for tests that read the stream after it: the connection is
     * then just past the sync reply.
     *
     * @return the lines skipped on the way (after their last 0xFF, as text): stale replies, the
     *         agent's answer to the 0xFF
     * @throws AgentTimeoutException when the sync reply did not come within {@code timeout}
     */
    public static List<String> once(RawLink raw, Duration timeout) {
        Resync resync = new Resync(raw, timeout, timeout, Integer.MAX_VALUE - 16);
        resync.run();
        return List.copyOf(resync.skipped);
    }

    /**
     * With retries, as {@link StreamLink} runs it.
     *
     * @return the ids sent: the reply to an earlier attempt may still arrive after the one that synced
     */
    static Set<Long> retrying(RawLink raw, Duration timeout, int maxLine) {
        Resync resync = new Resync(raw, timeout, FIRST_ATTEMPT, maxLine);
        resync.run();
        return Set.copyOf(resync.ids);
    }

    private void run() {
        long deadline = RawLink.deadline(timeout);
        String command = DELIMITED;
        long wait = firstAttempt.toNanos();
        try {
            while (true) {
                long attemptDeadline = Math.min(deadline, System.nanoTime() + wait);
                raw.send(request(command), deadline);
                Outcome outcome = await(command, attemptDeadline);
                if (outcome == Outcome.SYNCED) {
                    return;
                }
                if (outcome == Outcome.NO_DELIMITED_FORM) {
                    command = PLAIN;
                    continue;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new AgentTimeoutException(command + " on " + raw.describe(), timeout);
                }
                wait *= 2;
            }
        } catch (TimeoutException e) {
            throw new AgentTimeoutException(command + " on " + raw.describe(), timeout);
        } catch (EOFException e) {
            throw new AgentUnavailableException(raw.describe() + " closed the connection during " + command
                    + "; is something other than a guest agent listening there?", e);
        } catch (IOException e) {
            throw new AgentUnavailableException("lost " + raw.describe() + " during " + command + ": "
                    + e.getMessage(), e);
        }
    }

    private enum Outcome { SYNCED, NO_DELIMITED_FORM, NO_ANSWER }

    private Outcome await(String command, long attemptDeadline) throws IOException {
        while (true) {
            byte[] line;
            try {
                line = ReplyLine.afterDelimiter(raw.readUntil((byte) '\n', attemptDeadline, maxLine));
            } catch (TimeoutException e) {
                return Outcome.NO_ANSWER;
            } catch (RawLink.Oversized e) {
                continue; // a huge stale reply: skipped, keep looking
            }
            Optional<JsonObject> reply = ReplyLine.parse(line);
            if (reply.isPresent() && reply.get().get("return") instanceof JsonInteger echoed
                    && ids.contains(echoed.value())) {
                return Outcome.SYNCED;
            }
            if (reply.isPresent() && command.equals(DELIMITED) && lacksDelimitedForm(reply.get())) {
                return Outcome.NO_DELIMITED_FORM;
            }
            // Anything else is stale or the error for our 0xFF: skip it.
            if (line.length > 0) {
                skipped.add(new String(line, StandardCharsets.UTF_8));
            }
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
        bytes.write(RawLink.DELIMITER);
        bytes.writeBytes(StreamLink.encode(sync));
        return bytes.toByteArray();
    }
}
