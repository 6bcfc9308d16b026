// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PROVISIONAL brace-balance streamer, replaced by the qemu-exact lexer/streamer/parser (branch json).
 * Lets the rest of the agent build and run meanwhile.
 */
public final class JsonStreamer {
    public record Limits(long maxMessageBytes, int maxTokens, int maxNesting) {
        public static final Limits QEMU = new Limits(64L << 20, 2 << 20, 1024);
    }

    private final JsonSink sink;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private int depth;
    private boolean inString;
    private boolean escape;
    private char quote;

    public JsonStreamer(JsonSink sink) {
        this(sink, Limits.QEMU);
    }

    public JsonStreamer(JsonSink sink, Limits limits) {
        this.sink = sink;
    }

    public void reset() {
        pending.reset();
        depth = 0;
        inString = false;
        escape = false;
    }

    public void feed(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            int b = buf[i] & 0xFF;
            if (b == 0xFF) {
                reset();
                continue;
            }
            if (depth == 0 && !inString && (b == ' ' || b == '\n' || b == '\r' || b == '\t')) {
                continue;
            }
            pending.write(b);
            if (inString) {
                if (escape) {
                    escape = false;
                } else if (b == '\\') {
                    escape = true;
                } else if (b == quote) {
                    inString = false;
                }
                continue;
            }
            if (b == '"' || b == '\'') {
                inString = true;
                quote = (char) b;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
                if (depth <= 0) {
                    emit();
                }
            }
        }
    }

    private void emit() {
        byte[] bytes = pending.toByteArray();
        reset();
        try {
            sink.value(JsonParser.parse(bytes));
        } catch (JsonParseException e) {
            sink.error(e.getMessage());
        }
    }
}
