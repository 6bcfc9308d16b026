// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.wire;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * What the agent answers to one request: a result, an error, or (for guest-shutdown and the
 * suspend commands on success) nothing at all.
 *
 * <p>The wire form is the compact JSON text followed by one {@code "\n"}; only a successful
 * guest-sync-delimited reply is preceded by the 0xFF byte that lets a client find the start of
 * its reply in a stream that may hold another client's leftovers.
 */
public sealed interface Reply {

    /** 0xFF: impossible in UTF-8, so it marks a reply boundary (qga/main.c, "delimited" responses). */
    int DELIMITER = 0xFF;

    /** A successful result. */
    record Return(Json value, Optional<Json> id, boolean delimited) implements Reply {
        public Return(Json value, Optional<Json> id) {
            this(value, id, false);
        }
    }

    /** An error reply; {@code id} is echoed when the request was an object that carried one. */
    record Failure(ErrorClass errorClass, String desc, Optional<Json> id) implements Reply {
        public static Failure of(QgaError error, Optional<Json> id) {
            return new Failure(error.errorClass(), error.desc(), id);
        }
    }

    /** No bytes at all: a command declared without a success response succeeded. */
    record None() implements Reply {}

    /** The reply as JSON, or empty for {@link None}. */
    default Optional<JsonObject> toJson() {
        // An if chain, not a pattern switch: a pattern switch links to a class spun at run time,
        // which JDK 25's AOT cache does not keep; this runs before the agent's first reply
        // (docs/performance.md, "Where the start time goes").
        if (this instanceof Return r) {
            return Optional.of(withId(JsonObject.builder().put("return", r.value()), r.id()));
        }
        if (this instanceof Failure f) {
            return Optional.of(withId(JsonObject.builder().put("error", JsonObject.builder()
                    .put("class", f.errorClass().wireName())
                    .put("desc", f.desc())
                    .build()), f.id()));
        }
        return Optional.empty(); // None
    }

    /** Writes the reply's exact bytes (nothing for {@link None}); the caller flushes. */
    default void writeTo(OutputStream out) throws IOException {
        writeTo(JsonWriter.to(out));
    }

    /** Writes the reply's exact bytes (nothing for {@link None}) through {@code writer}, drained. */
    default void writeTo(JsonWriter writer) throws IOException {
        Optional<JsonObject> json = toJson();
        if (json.isEmpty()) {
            return;
        }
        if (this instanceof Return r && r.delimited()) {
            writer.appendByte(DELIMITER);
        }
        writer.append(json.get());
        writer.appendByte('\n');
        writer.drain();
    }

    private static JsonObject withId(JsonObject.Builder reply, Optional<Json> id) {
        id.ifPresent(value -> reply.put("id", value));
        return reply.build();
    }
}
