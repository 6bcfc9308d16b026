// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.util.Arrays;

/**
 * The tokens of the message being assembled (json-streamer.c's {@code parser->tokens} and
 * {@code token_size}) followed by the token the lexer is still reading ({@code lexer->token}).
 *
 * <p>Why one flat byte array instead of qemu's queue of heap tokens: the lexer appends straight into
 * it (a 64 MiB string is copied once, in bulk), a token costs 5 bytes of bookkeeping instead of an
 * object, and the bytes stay bounded by the size limit: as soon as queued plus current bytes reach
 * the limit the message can no longer succeed (its next completed token fails the size check, a
 * lexical error needs only the current token's text, and an oversized token fails anyway), so the
 * queued bytes are dropped and only the current token is kept.
 */
final class TokenQueue {

    private static final int INITIAL_CAPACITY = 256;
    /** Buffers above this are released after each message, so an idle connection stays small. */
    private static final int RETAINED_CAPACITY = 64 * 1024;
    private static final int INITIAL_TOKENS = 32;
    private static final int RETAINED_TOKENS = 4096;

    private final int maxBytes;

    private final int initialCapacity;
    private byte[] bytes;
    /** Bytes in use: the queued tokens, then the current token. */
    private int length;
    /** Where the current token starts in {@link #bytes}. */
    private int tokenStart;

    private byte[] types = new byte[INITIAL_TOKENS];
    private int[] ends = new int[INITIAL_TOKENS];
    /** qemu's {@code g_queue_get_length(&parser->tokens)}. */
    private int queuedTokens;
    /** qemu's {@code parser->token_size}: total length of the queued tokens. */
    private long queuedBytes;
    /** Set once the queued tokens were dropped because the message is doomed (see class comment). */
    private boolean queuedDropped;

    TokenQueue(long maxBytes) {
        if (maxBytes < 1 || maxBytes >= Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxBytes " + maxBytes);
        }
        this.maxBytes = (int) maxBytes;
        this.initialCapacity = (int) Math.min(INITIAL_CAPACITY, maxBytes + 1);
        this.bytes = new byte[initialCapacity];
    }

    // --- the current token (lexer side) ---

    void append(int b) {
        makeRoom(1);
        bytes[length++] = (byte) b;
    }

    void append(byte[] source, int offset, int count) {
        makeRoom(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    int tokenLength() {
        return length - tokenStart;
    }

    int tokenStart() {
        return tokenStart;
    }

    /** {@code g_string_truncate(lexer->token, 0)} without queueing it. */
    void discardToken() {
        length = tokenStart;
    }

    // --- the queued tokens (streamer side) ---

    int queuedTokens() {
        return queuedTokens;
    }

    long queuedBytes() {
        return queuedBytes;
    }

    /** Queues the current token. */
    void enqueue(int type) {
        if (queuedDropped) {
            throw new IllegalStateException("a doomed message must fail its size check first");
        }
        if (queuedTokens == types.length) {
            int capacity = queuedTokens * 2;
            types = Arrays.copyOf(types, capacity);
            ends = Arrays.copyOf(ends, capacity);
        }
        types[queuedTokens] = (byte) type;
        ends[queuedTokens] = length;
        queuedTokens++;
        queuedBytes += tokenLength();
        tokenStart = length;
    }

    /** Forgets the whole message, current token included. */
    void clear() {
        length = 0;
        tokenStart = 0;
        queuedTokens = 0;
        queuedBytes = 0;
        queuedDropped = false;
        if (bytes.length > RETAINED_CAPACITY) {
            bytes = new byte[initialCapacity];
        }
        if (types.length > RETAINED_TOKENS) {
            types = new byte[INITIAL_TOKENS];
            ends = new int[INITIAL_TOKENS];
        }
    }

    /** Bytes held for the message right now, used or not (for memory-bound tests). */
    int capacity() {
        return bytes.length;
    }

    // --- read access for the parser ---

    byte[] bytes() {
        return bytes;
    }

    int type(int index) {
        return types[index];
    }

    int start(int index) {
        return index == 0 ? 0 : ends[index - 1];
    }

    int end(int index) {
        return ends[index];
    }

    // --- memory bound ---

    private void makeRoom(int count) {
        if (!queuedDropped && queuedBytes + tokenLength() + count >= maxBytes) {
            dropQueuedBytes();
        }
        int needed = length + count;
        if (needed > bytes.length) {
            long doubled = Math.min(2L * bytes.length, maxBytes + 1L);
            bytes = Arrays.copyOf(bytes, (int) Math.max(needed, doubled));
        }
    }

    /** The message is doomed: keep only the current token, whose text a lexical error may quote. */
    private void dropQueuedBytes() {
        int tokenLength = tokenLength();
        if (tokenStart > 0) {
            System.arraycopy(bytes, tokenStart, bytes, 0, tokenLength);
            tokenStart = 0;
            length = tokenLength;
        }
        queuedDropped = true;
    }
}
