// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

/**
 * qemu's JSON lexer (qobject/json-lexer.c, current upstream; 7.2 behaves the same): a byte-driven
 * state machine whose table below is a transcription of {@code json_lexer[][256]}.
 *
 * <p>Why a table: every qemu quirk lives in it (keywords are {@code [a-z]+}, {@code 01} is an error
 * that swallows the {@code 1}, {@code 0e5} is three tokens, strings accept any byte 0x20..0xFD and
 * leave UTF-8 validation to the parser, recovery stops at structural and control characters), and a
 * transcription is easy to check against the C source line by line.
 *
 * <p>Unlike the C code this lexer does not copy token bytes one by one: a run of bytes that keeps
 * the machine in its state (string contents, digits, letters, whitespace, skipped garbage) is found
 * with one tight scan and appended with one {@code arraycopy}. The observable behaviour, including
 * exactly when an oversized token is cut, is the same as feeding the run byte by byte.
 */
final class JsonLexer {

    /** Receives what the lexer finds; json-streamer.c's {@code json_message_process_token}. */
    interface Listener {
        /** The current token of {@link TokenQueue} is complete and has type {@code type}. */
        void token(int type);

        /** The current token (including the offending byte) is a lexical error: JSON_ERROR. */
        void lexicalError();

        /** The current token grew beyond the size limit and is being cut off. */
        void oversizedToken();
    }

    // Lexer states; 0 doubles as "error" in the table, as in C (JSON_ERROR == 0).
    static final int JSON_ERROR = 0;
    static final int IN_RECOVERY = 1;
    static final int IN_DQ_STRING_ESCAPE = 2;
    static final int IN_DQ_STRING = 3;
    static final int IN_SQ_STRING_ESCAPE = 4;
    static final int IN_SQ_STRING = 5;
    static final int IN_ZERO = 6;
    static final int IN_EXP_DIGITS = 7;
    static final int IN_EXP_SIGN = 8;
    static final int IN_EXP_E = 9;
    static final int IN_MANTISSA = 10;
    static final int IN_MANTISSA_DIGITS = 11;
    static final int IN_DIGITS = 12;
    static final int IN_SIGN = 13;
    static final int IN_KEYWORD = 14;
    static final int IN_START = 15;

    // Token types (json-parser-int.h); all above the states and below LOOKAHEAD.
    static final int LCURLY = 20;
    static final int RCURLY = 21;
    static final int LSQUARE = 22;
    static final int RSQUARE = 23;
    static final int COLON = 24;
    static final int COMMA = 25;
    static final int INTEGER = 26;
    static final int FLOAT = 27;
    static final int KEYWORD = 28;
    static final int STRING = 29;

    /** Table flag: the transition does not consume the byte; it is looked at again in the new state. */
    private static final int LOOKAHEAD = 0x80;

    private static final byte[][] TABLE = new byte[IN_START + 1][256];

    static {
        // error recovery: skip until a structural character, an ASCII control character other
        // than TAB, or one of the impossible UTF-8 bytes 0xFE, 0xFF
        on(IN_RECOVERY, 0x00, 0x1F, IN_START | LOOKAHEAD);
        on(IN_RECOVERY, 0x20, 0xFD, IN_RECOVERY);
        on(IN_RECOVERY, 0xFE, 0xFF, IN_START | LOOKAHEAD);
        on(IN_RECOVERY, '\t', IN_RECOVERY);
        for (char structural : "[]{}:,".toCharArray()) {
            on(IN_RECOVERY, structural, IN_START | LOOKAHEAD);
        }

        // double quote string
        on(IN_DQ_STRING_ESCAPE, 0x20, 0xFD, IN_DQ_STRING);
        on(IN_DQ_STRING, 0x20, 0xFD, IN_DQ_STRING);
        on(IN_DQ_STRING, '\\', IN_DQ_STRING_ESCAPE);
        on(IN_DQ_STRING, '"', STRING);

        // single quote string
        on(IN_SQ_STRING_ESCAPE, 0x20, 0xFD, IN_SQ_STRING);
        on(IN_SQ_STRING, 0x20, 0xFD, IN_SQ_STRING);
        on(IN_SQ_STRING, '\\', IN_SQ_STRING_ESCAPE);
        on(IN_SQ_STRING, '\'', STRING);

        // zero
        terminal(IN_ZERO, INTEGER);
        on(IN_ZERO, '0', '9', JSON_ERROR);
        on(IN_ZERO, '.', IN_MANTISSA);

        // float
        terminal(IN_EXP_DIGITS, FLOAT);
        on(IN_EXP_DIGITS, '0', '9', IN_EXP_DIGITS);
        on(IN_EXP_SIGN, '0', '9', IN_EXP_DIGITS);
        on(IN_EXP_E, '-', IN_EXP_SIGN);
        on(IN_EXP_E, '+', IN_EXP_SIGN);
        on(IN_EXP_E, '0', '9', IN_EXP_DIGITS);
        terminal(IN_MANTISSA_DIGITS, FLOAT);
        on(IN_MANTISSA_DIGITS, '0', '9', IN_MANTISSA_DIGITS);
        on(IN_MANTISSA_DIGITS, 'e', IN_EXP_E);
        on(IN_MANTISSA_DIGITS, 'E', IN_EXP_E);
        on(IN_MANTISSA, '0', '9', IN_MANTISSA_DIGITS);

        // number
        terminal(IN_DIGITS, INTEGER);
        on(IN_DIGITS, '0', '9', IN_DIGITS);
        on(IN_DIGITS, 'e', IN_EXP_E);
        on(IN_DIGITS, 'E', IN_EXP_E);
        on(IN_DIGITS, '.', IN_MANTISSA);
        on(IN_SIGN, '0', IN_ZERO);
        on(IN_SIGN, '1', '9', IN_DIGITS);

        // keywords
        terminal(IN_KEYWORD, KEYWORD);
        on(IN_KEYWORD, 'a', 'z', IN_KEYWORD);

        // top level rule (qemu's IN_START; interpolation is never enabled for qemu-ga)
        on(IN_START, '"', IN_DQ_STRING);
        on(IN_START, '\'', IN_SQ_STRING);
        on(IN_START, '0', IN_ZERO);
        on(IN_START, '1', '9', IN_DIGITS);
        on(IN_START, '-', IN_SIGN);
        on(IN_START, '{', LCURLY);
        on(IN_START, '}', RCURLY);
        on(IN_START, '[', LSQUARE);
        on(IN_START, ']', RSQUARE);
        on(IN_START, ',', COMMA);
        on(IN_START, ':', COLON);
        on(IN_START, 'a', 'z', IN_KEYWORD);
        on(IN_START, ' ', IN_START);
        on(IN_START, '\t', IN_START);
        on(IN_START, '\r', IN_START);
        on(IN_START, '\n', IN_START);
    }

    private static void on(int state, int first, int last, int next) {
        for (int b = first; b <= last; b++) {
            TABLE[state][b] = (byte) next;
        }
    }

    private static void on(int state, int b, int next) {
        on(state, b, b, next);
    }

    /** C's {@code TERMINAL(type)}: any byte ends the token and is looked at again. */
    private static void terminal(int state, int type) {
        on(state, 0x00, 0xFF, type | LOOKAHEAD);
    }

    private final TokenQueue tokens;
    private final Listener listener;
    private final long maxTokenBytes;
    private int state = IN_START;

    JsonLexer(TokenQueue tokens, Listener listener, long maxTokenBytes) {
        this.tokens = tokens;
        this.listener = listener;
        this.maxTokenBytes = maxTokenBytes;
    }

    /** Back to the start state; the caller clears the token queue. */
    void reset() {
        state = IN_START;
    }

    /** {@code json_lexer_feed} for {@code input[from..to)}. */
    void feed(byte[] input, int from, int to) {
        int at = from;
        while (at < to) {
            int runEnd = endOfRun(input, at, to);
            if (runEnd > at) {
                at = consumeRun(input, at, runEnd);
            } else {
                feedByte(input[at] & 0xFF);
                at++;
            }
        }
    }

    /**
     * {@code json_lexer_flush}: end of input. Whatever token is pending ends here (a number or
     * keyword completes, an unterminated string is a lexical error), as if a NUL byte followed
     * that is never consumed.
     */
    void flush() {
        while (state != IN_START) {
            transition(TABLE[state][0] & 0xFF & ~LOOKAHEAD);
        }
    }

    /** End of the run of bytes from {@code at} that loop on the current state. */
    private int endOfRun(byte[] input, int at, int to) {
        byte[] row = TABLE[state];
        byte self = (byte) state;
        int end = at;
        while (end < to && row[input[end] & 0xFF] == self) {
            end++;
        }
        return end;
    }

    /** Consumes a run found by {@link #endOfRun}; returns where lexing continues. */
    private int consumeRun(byte[] input, int at, int runEnd) {
        if (state == IN_START || state == IN_RECOVERY) {
            return runEnd; // whitespace or skipped garbage: qemu appends, then truncates
        }
        long room = maxTokenBytes + 1 - tokens.tokenLength();
        int count = (int) Math.min(runEnd - at, room);
        tokens.append(input, at, count);
        cutOffOversizedToken();
        return at + count;
    }

    /** One iteration of {@code json_lexer_feed_char}'s loop until the byte is consumed. */
    private void feedByte(int b) {
        boolean consumed;
        do {
            int entry = TABLE[state][b] & 0xFF;
            consumed = (entry & LOOKAHEAD) == 0;
            int next = entry & ~LOOKAHEAD;
            if (consumed && next != IN_START && next != IN_RECOVERY) {
                tokens.append(b);
            }
            transition(next);
        } while (!consumed);
        cutOffOversizedToken();
    }

    /** The {@code switch (new_state)} of {@code json_lexer_feed_char}. */
    private void transition(int next) {
        if (next >= LCURLY) {
            listener.token(next);
            state = IN_START;
        } else if (next == JSON_ERROR) {
            listener.lexicalError();
            state = IN_RECOVERY;
        } else {
            if (next == IN_START || next == IN_RECOVERY) {
                tokens.discardToken();
            }
            state = next;
        }
    }

    /** "Do not let a single token grow to an arbitrarily large size." */
    private void cutOffOversizedToken() {
        if (tokens.tokenLength() > maxTokenBytes) {
            listener.oversizedToken();
            state = IN_START;
        }
    }
}
