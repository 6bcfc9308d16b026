// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.nio.charset.StandardCharsets;

/**
 * Parses a complete JSON text in qemu's dialect, like qemu's {@code qobject_from_json}: for clients,
 * tests and configuration, where the text is already whole. Same lexer, parser, limits and error
 * texts as {@link JsonStreamer}, plus qemu's two texts for "not exactly one value".
 *
 * <p>Unlike {@code qobject_from_json}, which reads a C string, a NUL byte does not end the input (it
 * is a lexical error), and a 0xFF byte resets as it does on the wire.
 */
public final class JsonParser {

    private JsonParser() {}

    /** The single value {@code text} holds; throws {@link JsonParseException} with qemu's text otherwise. */
    public static Json parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The single value the UTF-8 bytes hold; throws {@link JsonParseException} otherwise. */
    public static Json parse(byte[] utf8) {
        SingleValue result = new SingleValue();
        JsonStreamer streamer = new JsonStreamer(result);
        streamer.feed(utf8, 0, utf8.length);
        streamer.flush();
        return result.get();
    }

    /** qjson.c {@code consume_json}: keeps the first value or error, and rejects a second value. */
    private static final class SingleValue implements JsonSink {
        private Json value;
        private String error;

        @Override
        public void value(Json json) {
            accept(json, null);
        }

        @Override
        public void error(String desc) {
            accept(null, desc);
        }

        private void accept(Json json, String desc) {
            if (value != null) {
                value = null;
                error = "Expecting at most one JSON value";
            }
            if (error == null) {
                value = json;
                error = desc;
            }
        }

        Json get() {
            if (error != null) {
                throw new JsonParseException(error);
            }
            if (value == null) {
                throw new JsonParseException("Expecting a JSON value");
            }
            return value;
        }
    }
}
