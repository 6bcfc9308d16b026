// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import dev.jga.protocol.wire.Messages;
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
 *
 * <p>Memory beyond the first small buffers is taken from a {@link MemoryAllowance}: the message's
 * bytes as they grow, and an estimate of its parsed value ({@link #parsedCost}) for as long as the
 * sink holds it. A message the allowance refuses (JGA) gets one error at once, {@link
 * Messages#MEMORY_EXHAUSTED}, even if it is still arriving; its remaining bytes are followed to the
 * message's end without being kept and without further errors, and the next message is served
 * as usual. qemu-ga has no such bound: g_malloc aborts the process when memory runs out.
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
    private final MemoryAllowance allowance;
    private int braceCount;
    private int bracketCount;
    /** The current message starved and its one error has been sent. */
    private boolean starvationReported;

    public JsonStreamer(JsonSink sink) {
        this(sink, Limits.QEMU);
    }

    public JsonStreamer(JsonSink sink, Limits limits) {
        this(sink, limits, MemoryAllowance.UNBOUNDED);
    }

    public JsonStreamer(JsonSink sink, Limits limits, MemoryAllowance allowance) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.allowance = Objects.requireNonNull(allowance, "allowance");
        this.tokens = new TokenQueue(limits.maxMessageBytes(), allowance);
        this.lexer = new JsonLexer(tokens, new Assembler(), limits.maxMessageBytes());
    }

    /**
     * What a parsed message of {@code bytes} bytes in {@code tokens} tokens may occupy: its strings
     * (one byte a character, as most are ASCII) plus what a handler decodes from them (base64 is
     * 3/4 of its text), and a few objects per token.
     */
    static long parsedCost(long bytes, int tokens) {
        return bytes + bytes * 3 / 4 + 48L * tokens;
    }

    /** Lexes {@code buf[off..off+len)}; may call the sink any number of times. */
    public void feed(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int end = off + len;
        int from = off;
        while (from < end) {
            int sentinel = indexOfResetByte(buf, from, end);
            lexer.feed(buf, from, sentinel);
            reportStarvation();
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

    /** The input has ended for good (the client left): every buffer goes back to the allowance. */
    public void release() {
        reset();
        tokens.release();
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
            if (tokens.starved()) {
                tokens.enqueue(type); // counts only
                if (!open()) {
                    fail(Messages.MEMORY_EXHAUSTED);
                }
                return;
            }
            tokens.enqueue(type);
            if (!open()) {
                parseMessage();
            }
        }

        private boolean open() {
            return (braceCount > 0 || bracketCount > 0) && braceCount >= 0 && bracketCount >= 0;
        }

        @Override
        public void lexicalError() {
            if (tokens.starved()) {
                fail(Messages.MEMORY_EXHAUSTED);
                return;
            }
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
        long cost = parsedCost(tokens.queuedBytes(), tokens.queuedTokens());
        if (!allowance.reserve(cost)) {
            fail(Messages.MEMORY_EXHAUSTED);
            return;
        }
        try {
            Json value;
            try {
                value = TokenParser.parse(tokens);
            } catch (JsonParseException e) {
                fail(e.desc());
                return;
            }
            endMessage();
            sink.value(value);
        } finally {
            allowance.release(cost);
        }
    }

    /**
     * Fails the message with {@code desc}; a starved message gets only its one memory error,
     * whichever way it ends (a limit or a lexical error after starving adds nothing).
     */
    private void fail(String desc) {
        boolean starved = tokens.starved();
        boolean reported = starvationReported;
        endMessage();
        if (!starved) {
            sink.error(desc);
        } else if (!reported) {
            sink.error(Messages.MEMORY_EXHAUSTED);
        }
    }

    /** A message that starved is answered at once, while the rest of it may still be on its way. */
    private void reportStarvation() {
        if (tokens.starved() && !starvationReported) {
            starvationReported = true;
            sink.error(Messages.MEMORY_EXHAUSTED);
        }
    }

    private void endMessage() {
        braceCount = 0;
        bracketCount = 0;
        starvationReported = false;
        tokens.clear();
    }
}
