// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.util.Objects;

/**
 * Incremental qemu JSON streamer: feed raw bytes, complete values and errors go to the sink in
 * order. One per connection.
 *
 * <p>Why not a JSON library: qemu-ga frames requests by brace/bracket balance with no delimiter,
 * speaks a dialect (single quotes, {@code \'}, modified UTF-8), and after any error resynchronises
 * in a peculiar way that makes one bad request produce a predictable series of error replies.
 * Clients depend on all of it, so this class reproduces qemu's json-lexer.c, json-streamer.c and
 * json-parser.c event for event and text for text, including the three limits.
 *
 * <p>One deliberate difference (JGA): a 0xFF byte silently resets the streamer, dropping any
 * partial value, partial token or recovery state, with no error event. qemu-ga answers it with a
 * "JSON parse error, stray" reply (showing the byte as U+FFFD) that clients have to skip. Because
 * the reset happens before the byte is lexed, a pending top-level number or keyword that 0xFF
 * would have terminated in qemu ({@code 5\xFF}) is dropped too. 0xFE keeps qemu's behaviour.
 *
 * <p>Memory stays within about {@link Limits#maxMessageBytes()} (plus 5 bytes per queued token)
 * whatever the input; the buffer is released after a large message. Not thread-safe, and the sink
 * must not call back into the streamer.
 */
public final class JsonStreamer {

    /**
     * Per-message limits (json-streamer.c {@code MAX_TOKEN_SIZE}, {@code MAX_TOKEN_COUNT},
     * {@code MAX_NESTING}). A message fails when its tokens reach {@code maxMessageBytes} in total
     * (whitespace does not count) or a single token exceeds it, when it has more than
     * {@code maxTokens} tokens, or when open braces plus open brackets exceed {@code maxNesting}.
     */
    public record Limits(long maxMessageBytes, int maxTokens, int maxNesting) {

        /** qemu's values: 64 MiB, 2 Mi tokens, depth 1024. */
        public static final Limits QEMU = new Limits(64L << 20, 2 << 20, 1024);

        public Limits {
            if (maxMessageBytes < 1 || maxMessageBytes > (1L << 30)) {
                throw new IllegalArgumentException("maxMessageBytes must be in [1, 1 GiB]: " + maxMessageBytes);
            }
            if (maxTokens < 1) {
                throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
            }
            if (maxNesting < 1) {
                throw new IllegalArgumentException("maxNesting must be positive: " + maxNesting);
            }
        }
    }

    static final String TOKEN_SIZE_EXCEEDED = "JSON token size limit exceeded";
    static final String TOKEN_COUNT_EXCEEDED = "JSON token count limit exceeded";
    static final String NESTING_EXCEEDED = "JSON nesting depth limit exceeded";

    private final JsonSink sink;
    private final Limits limits;
    private final TokenQueue tokens;
    private final JsonLexer lexer;
    private int braceCount;
    private int bracketCount;

    public JsonStreamer(JsonSink sink) {
        this(sink, Limits.QEMU);
    }

    public JsonStreamer(JsonSink sink, Limits limits) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.tokens = new TokenQueue(limits.maxMessageBytes());
        this.lexer = new JsonLexer(tokens, new Assembler(), limits.maxMessageBytes());
    }

    /** Lexes {@code buf[off..off+len)}; may call the sink any number of times. */
    public void feed(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int end = off + len;
        int from = off;
        while (from < end) {
            int sentinel = indexOfResetByte(buf, from, end);
            lexer.feed(buf, from, sentinel);
            if (sentinel == end) {
                break;
            }
            reset();
            from = sentinel + 1;
        }
    }

    /** Drops every partial token and value; the lexer goes back to its start state. */
    public void reset() {
        lexer.reset();
        endMessage();
    }

    /**
     * End of input ({@code json_message_parser_flush}): a pending token ends, and pending tokens
     * are parsed even though they do not balance ("premature EOI"). qemu-ga never does this on a
     * connection; {@link JsonParser} does, as qemu's {@code qobject_from_json} does.
     */
    void flush() {
        lexer.flush();
        if (tokens.queuedTokens() > 0) {
            parseMessage();
        }
    }

    /** Bytes the streamer holds for the current message, used or not (for memory-bound tests). */
    long retainedBytes() {
        return tokens.capacity();
    }

    private static int indexOfResetByte(byte[] buf, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buf[i] == (byte) 0xFF) {
                return i;
            }
        }
        return end;
    }

    /** json-streamer.c {@code json_message_process_token}, split by event. */
    private final class Assembler implements JsonLexer.Listener {

        @Override
        public void token(int type) {
            countBrackets(type);
            String limitError = exceededLimit();
            if (limitError != null) {
                fail(limitError);
                return;
            }
            tokens.enqueue(type);
            boolean open = (braceCount > 0 || bracketCount > 0) && braceCount >= 0 && bracketCount >= 0;
            if (!open) {
                parseMessage();
            }
        }

        @Override
        public void lexicalError() {
            byte[] bytes = tokens.bytes();
            int start = tokens.tokenStart();
            fail("JSON parse error, stray '"
                    + ModifiedUtf8.display(bytes, start, start + tokens.tokenLength()) + "'");
        }

        /** qemu queues the partial token, whose length alone fails the size check. */
        @Override
        public void oversizedToken() {
            fail(TOKEN_SIZE_EXCEEDED);
        }

        private void countBrackets(int type) {
            switch (type) {
                case JsonLexer.LCURLY -> braceCount++;
                case JsonLexer.RCURLY -> braceCount--;
                case JsonLexer.LSQUARE -> bracketCount++;
                case JsonLexer.RSQUARE -> bracketCount--;
                default -> {}
            }
        }

        /** "Security consideration, we limit total memory allocated per object and the maximum recursion depth." */
        private String exceededLimit() {
            if (tokens.queuedBytes() + tokens.tokenLength() + 1 > limits.maxMessageBytes()) {
                return TOKEN_SIZE_EXCEEDED;
            }
            if ((long) tokens.queuedTokens() + 1 > limits.maxTokens()) {
                return TOKEN_COUNT_EXCEEDED;
            }
            if (bracketCount + braceCount > limits.maxNesting()) {
                return NESTING_EXCEEDED;
            }
            return null;
        }
    }

    private void parseMessage() {
        Json value;
        try {
            value = TokenParser.parse(tokens);
        } catch (JsonParseException e) {
            fail(e.desc());
            return;
        }
        endMessage();
        sink.value(value);
    }

    private void fail(String desc) {
        endMessage();
        sink.error(desc);
    }

    private void endMessage() {
        braceCount = 0;
        bracketCount = 0;
        tokens.clear();
    }
}
