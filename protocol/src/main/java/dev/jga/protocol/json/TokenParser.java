// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * qemu's recursive-descent parser over one message's tokens (qobject/json-parser.c). qemu keeps only
 * the first error and unwinds; throwing at the first error is the same thing.
 *
 * <p>Why mirror it rather than parse while lexing: qemu decides what a message is only once its
 * brackets balance, so a later limit or lexical error wins over an earlier syntax error, and the
 * error texts ("missing : in object pair", "... is not a valid Unicode character") come from this
 * exact traversal order.
 */
final class TokenParser {

    /** {@code parse_error} formats into {@code char message[1024]}; longer texts are cut. */
    private static final int MESSAGE_BUFFER = 1024;

    private final TokenQueue tokens;
    private final byte[] bytes;
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

    private Json parseValue() {
        if (next == tokens.queuedTokens()) {
            throw error("premature EOI");
        }
        return switch (tokens.type(next)) {
            case JsonLexer.LCURLY -> parseObject();
            case JsonLexer.LSQUARE -> parseArray();
            case JsonLexer.INTEGER, JsonLexer.FLOAT, JsonLexer.STRING -> parseLiteral();
            case JsonLexer.KEYWORD -> parseKeyword();
            default -> throw error("expecting value");
        };
    }

    private JsonObject parseObject() {
        pop(); // '{'
        Map<String, Json> members = new LinkedHashMap<>();
        if (peekType() != JsonLexer.RCURLY) {
            parsePair(members);
            int token = popType();
            while (token != JsonLexer.RCURLY) {
                if (token != JsonLexer.COMMA) {
                    throw error("expected separator in dict");
                }
                parsePair(members);
                token = popType();
            }
        } else {
            pop();
        }
        return new JsonObject(members);
    }

    /**
     * {@code parse_pair}. The key is parsed as any value first, so an error inside a non-string key
     * wins over "key is not a string in object". qemu's "Missing value in dict" is unreachable: a
     * failing value has always reported its own error already.
     */
    private void parsePair(Map<String, Json> members) {
        Json key = parseValue();
        if (!(key instanceof JsonString(String name))) {
            throw error("key is not a string in object");
        }
        if (popType() != JsonLexer.COLON) {
            throw error("missing : in object pair");
        }
        Json value = parseValue();
        if (members.containsKey(name)) {
            throw error("duplicate key");
        }
        members.put(name, value);
    }

    private JsonArray parseArray() {
        pop(); // '['
        List<Json> elements = new ArrayList<>();
        if (peekType() != JsonLexer.RSQUARE) {
            elements.add(parseValue());
            int token = popType();
            while (token != JsonLexer.RSQUARE) {
                if (token != JsonLexer.COMMA) {
                    throw error("expected separator in list");
                }
                elements.add(parseValue());
                token = popType();
            }
        } else {
            pop();
        }
        return new JsonArray(elements);
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
        try {
            return new JsonInteger(Long.parseLong(digits));
        } catch (NumberFormatException tooBigForInt64) {
            if (digits.charAt(0) != '-') {
                try {
                    return new JsonUnsigned(Long.parseUnsignedLong(digits));
                } catch (NumberFormatException tooBigForUint64) {
                    // fall through to double, like qemu
                }
            }
            return new JsonDouble(Double.parseDouble(digits));
        }
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
