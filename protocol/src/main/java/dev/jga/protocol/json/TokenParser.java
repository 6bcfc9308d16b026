// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * qemu's parser over one message's tokens (qobject/json-parser.c): the same grammar, checks and
 * error texts, in the same order. qemu keeps only the first error and unwinds; throwing at the first
 * error is the same thing.
 *
 * <p>Why mirror it rather than parse while lexing: qemu decides what a message is only once its
 * brackets balance, so a later limit or lexical error wins over an earlier syntax error, and the
 * error texts ("missing : in object pair", "... is not a valid Unicode character") come from this
 * exact traversal order.
 *
 * <p>qemu's {@code parse_value}/{@code parse_object}/{@code parse_array} recurse; here the open
 * containers live on an explicit stack, so a 1024-deep message is safe on the agent's small thread
 * stacks ({@code -Xss256k}).
 */
final class TokenParser {

    /** {@code parse_error} formats into {@code char message[1024]}; longer texts are cut. */
    private static final int MESSAGE_BUFFER = 1024;
    /** "-9223372036854775808" and "18446744073709551615" have 20 characters; longer never fits. */
    private static final int MAX_INTEGER_TEXT = 20;

    private final TokenQueue tokens;
    private final byte[] bytes;
    private final ArrayDeque<OpenContainer> open = new ArrayDeque<>();
    private int next;

    private TokenParser(TokenQueue tokens) {
        this.tokens = tokens;
        this.bytes = tokens.bytes();
    }

    /** {@code json_parser_parse}: the value of the queued tokens, or a JsonParseException. */
    static Json parse(TokenQueue tokens) {
        TokenParser parser = new TokenParser(tokens);
        Json value = parser.parseValue();
        assert parser.next == tokens.queuedTokens() : "the streamer ends a message with its value";
        return value;
    }

    /** An object or array whose closing token has not been reached yet. */
    private static final class OpenContainer {
        final Map<String, Json> members;
        final List<Json> elements;
        /** For objects: the key whose value is being parsed, or null while the key itself is. */
        String key;

        private OpenContainer(Map<String, Json> members, List<Json> elements) {
            this.members = members;
            this.elements = elements;
        }

        static OpenContainer object() {
            return new OpenContainer(new LinkedHashMap<>(), null);
        }

        static OpenContainer array() {
            return new OpenContainer(null, new ArrayList<>());
        }

        boolean isObject() {
            return members != null;
        }

        Json close() {
            return isObject() ? new JsonObject(members) : new JsonArray(elements);
        }
    }

    /**
     * {@code parse_value}. Each turn of the loop either starts a value (a scalar is complete at
     * once; a container is opened, or completed at once when empty) or hands a completed value to
     * the innermost open container, which then wants its next key or value, or closes in turn.
     */
    private Json parseValue() {
        while (true) {
            Json value = startValue();
            while (value != null) {
                OpenContainer container = open.peek();
                if (container == null) {
                    return value;
                }
                value = container.isObject() ? addToObject(container, value) : addToArray(container, value);
            }
        }
    }

    /** The start of a value: a whole scalar or empty container, or null when a container opened. */
    private Json startValue() {
        if (next == tokens.queuedTokens()) {
            throw error("premature EOI");
        }
        return switch (tokens.type(next)) {
            case JsonLexer.LCURLY -> openContainer(OpenContainer.object(), JsonLexer.RCURLY);
            case JsonLexer.LSQUARE -> openContainer(OpenContainer.array(), JsonLexer.RSQUARE);
            case JsonLexer.INTEGER, JsonLexer.FLOAT, JsonLexer.STRING -> parseLiteral();
            case JsonLexer.KEYWORD -> parseKeyword();
            default -> throw error("expecting value");
        };
    }

    /** {@code parse_object}/{@code parse_array} up to the first member: "{}" and "[]" end here. */
    private Json openContainer(OpenContainer container, int closer) {
        pop();
        if (peekType() == closer) {
            pop();
            return container.close();
        }
        open.push(container);
        return null;
    }

    /**
     * {@code parse_pair} and the separator loop of {@code parse_object}. The key is parsed as any
     * value first, so an error inside a non-string key wins over "key is not a string in object".
     * qemu's "Missing value in dict" is unreachable: a failing value has reported its own error.
     *
     * @return the closed object, or null when the next key or value is due
     */
    private Json addToObject(OpenContainer object, Json value) {
        if (object.key == null) {
            if (!(value instanceof JsonString(String name))) {
                throw error("key is not a string in object");
            }
            if (popType() != JsonLexer.COLON) {
                throw error("missing : in object pair");
            }
            object.key = name;
            return null;
        }
        if (object.members.containsKey(object.key)) {
            throw error("duplicate key");
        }
        object.members.put(object.key, value);
        object.key = null;
        int token = popType();
        if (token == JsonLexer.RCURLY) {
            open.pop();
            return object.close();
        }
        if (token != JsonLexer.COMMA) {
            throw error("expected separator in dict");
        }
        return null;
    }

    /** The separator loop of {@code parse_array}; returns the closed array, or null for the next element. */
    private Json addToArray(OpenContainer array, Json value) {
        array.elements.add(value);
        int token = popType();
        if (token == JsonLexer.RSQUARE) {
            open.pop();
            return array.close();
        }
        if (token != JsonLexer.COMMA) {
            throw error("expected separator in list");
        }
        return null;
    }

    private Json parseKeyword() {
        int token = pop();
        String word = new String(bytes, tokens.start(token), tokenLength(token), StandardCharsets.US_ASCII);
        return switch (word) {
            case "true" -> JsonBool.TRUE;
            case "false" -> JsonBool.FALSE;
            case "null" -> JsonNull.INSTANCE;
            default -> throw error("invalid keyword '" + word + "'");
        };
    }

    private Json parseLiteral() {
        int token = pop();
        int start = tokens.start(token);
        int length = tokenLength(token);
        return switch (tokens.type(token)) {
            case JsonLexer.STRING -> new JsonString(StringTokenDecoder.decode(bytes, start, start + length));
            case JsonLexer.INTEGER -> integer(new String(bytes, start, length, StandardCharsets.US_ASCII));
            default -> new JsonDouble(Double.parseDouble(new String(bytes, start, length, StandardCharsets.US_ASCII)));
        };
    }

    /** int64 if it fits, else uint64 if non-negative and it fits, else a double (qemu_strtoi64/u64, strtod). */
    private static JsonNumber integer(String digits) {
        if (digits.length() <= MAX_INTEGER_TEXT) {
            try {
                return new JsonInteger(Long.parseLong(digits));
            } catch (NumberFormatException tooBigForInt64) {
                if (digits.charAt(0) != '-') {
                    try {
                        return new JsonUnsigned(Long.parseUnsignedLong(digits));
                    } catch (NumberFormatException tooBigForUint64) {
                        // a double, like qemu
                    }
                }
            }
        }
        return new JsonDouble(Double.parseDouble(digits));
    }

    // --- token access: parser_context_peek_token / parser_context_pop_token ---

    private int peekType() {
        if (next == tokens.queuedTokens()) {
            throw error("premature EOI");
        }
        return tokens.type(next);
    }

    private int pop() {
        peekType();
        return next++;
    }

    private int popType() {
        return tokens.type(pop());
    }

    private int tokenLength(int token) {
        return tokens.end(token) - tokens.start(token);
    }

    /** {@code parse_error}: "JSON parse error, " and the message, cut to qemu's 1023 bytes. */
    static JsonParseException error(String message) {
        String cut = message.length() < MESSAGE_BUFFER ? message : message.substring(0, MESSAGE_BUFFER - 1);
        return JsonParseException.withoutStackTrace("JSON parse error, " + cut);
    }
}
