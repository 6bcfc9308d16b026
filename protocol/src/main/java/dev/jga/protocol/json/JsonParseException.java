// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.util.Objects;

/**
 * A JSON text was not exactly one valid value; {@link #getMessage()} is qemu's error text, the same
 * {@code desc} qemu-ga would put in its error reply (e.g. "JSON parse error, expecting value").
 */
public final class JsonParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JsonParseException(String desc) {
        super(Objects.requireNonNull(desc, "desc"));
    }

    /** For the streamer's hot path: a client can provoke thousands of these, stack traces are waste. */
    private JsonParseException(String desc, boolean writableStackTrace) {
        super(Objects.requireNonNull(desc, "desc"), null, false, writableStackTrace);
    }

    static JsonParseException withoutStackTrace(String desc) {
        return new JsonParseException(desc, false);
    }

    /** qemu's error text. */
    public String desc() {
        return getMessage();
    }
}
