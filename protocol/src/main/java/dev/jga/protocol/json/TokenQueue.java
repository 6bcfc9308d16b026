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
 *
 * <p>Growth beyond the first arrays is taken from a {@link MemoryAllowance}. When the allowance
 * refuses, the queue <em>starves</em>: it drops what it holds and from then on only counts, so
 * that the lexer and the streamer can follow the rest of the doomed message to its end (and
 * fail it with one error) without holding any of it.
 */
final class TokenQueue {

    private static final int INITIAL_CAPACITY = 256;
    /** Buffers above this are released after each message, so an idle connection stays small. */
    private static final int RETAINED_CAPACITY = 64 * 1024;
    private static final int INITIAL_TOKENS = 32;
    private static final int RETAINED_TOKENS = 4096;

    private final int maxBytes;
    private final MemoryAllowance allowance;
    /** Bytes taken from {@link #allowance} for {@link #bytes} and for {@link #types} with {@link #ends}. */
    private long bytesCharge;
    private long tokensCharge;
    /** Set when the allowance refused to let this message grow (see class comment). */
    private boolean starved;

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

    TokenQueue(long maxBytes, MemoryAllowance allowance) {
        this.allowance = allowance;
        if (maxBytes < 1 || maxBytes >= Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxBytes " + maxBytes);
        }
        this.maxBytes = (int) maxBytes;
        this.initialCapacity = (int) Math.min(INITIAL_CAPACITY, maxBytes + 1);
        this.bytes = new byte[initialCapacity];
    }

    // --- the current token (lexer side) ---

    void append(int b) {
        if (makeRoom(1)) {
            bytes[length] = (byte) b;
        }
        length++;
    }

    void append(byte[] source, int offset, int count) {
        if (makeRoom(count)) {
            System.arraycopy(source, offset, bytes, length, count);
        }
        length += count;
    }

    /** Whether the allowance refused this message: its bytes are gone, only its lengths are counted. */
    boolean starved() {
        return starved;
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
        if (!starved && queuedTokens == types.length) {
            growTokenArrays();
        }
        if (!starved) {
            types[queuedTokens] = (byte) type;
            ends[queuedTokens] = length;
        }
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
        starved = false;
        if (bytes.length > RETAINED_CAPACITY || types.length > RETAINED_TOKENS) {
            shrink();
        }
    }

    /** As {@link #clear}, and every array goes back to its first size: the connection has ended. */
    void release() {
        clear();
        shrink();
    }

    private void shrink() {
        bytes = new byte[initialCapacity];
        types = new byte[INITIAL_TOKENS];
        ends = new int[INITIAL_TOKENS];
        allowance.release(bytesCharge + tokensCharge);
        bytesCharge = 0;
        tokensCharge = 0;
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

    /** Makes room for {@code count} more bytes; false when the message starved (nothing to store). */
    private boolean makeRoom(int count) {
        if (starved) {
            return false;
        }
        if (!queuedDropped && queuedBytes + tokenLength() + count >= maxBytes) {
            dropQueuedBytes();
        }
        int needed = length + count;
        if (needed > bytes.length) {
            long doubled = Math.min(2L * bytes.length, maxBytes + 1L);
            int capacity = (int) Math.max(needed, doubled);
            // Old and new array live together during the copy: both are charged until it is done.
            if (!allowance.reserve(capacity)) {
                starve();
                return false;
            }
            bytes = Arrays.copyOf(bytes, capacity);
            allowance.release(bytesCharge);
            bytesCharge = capacity;
        }
        return true;
    }

    private void growTokenArrays() {
        int capacity = queuedTokens * 2;
        long charge = 5L * capacity;
        if (!allowance.reserve(charge)) {
            starve();
            return;
        }
        types = Arrays.copyOf(types, capacity);
        ends = Arrays.copyOf(ends, capacity);
        allowance.release(tokensCharge);
        tokensCharge = charge;
    }

    /** The allowance refused: drop every array; lengths and counts go on, for the streamer's checks. */
    private void starve() {
        shrink();
        starved = true;
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
