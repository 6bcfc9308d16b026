// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.link;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;

/**
 * Splits the agent's output into reply lines. Every reply ends in exactly one {@code "\n"} and
 * holds no raw newline (qemu escapes control characters), so lines are replies; a line that holds
 * 0xFF is cut after its last 0xFF, which is what "discard everything up to the delimiter" means
 * for a guest-sync-delimited reply behind another client's leftovers.
 *
 * <p>Reads wait on a selector with a deadline, so no read can hang a caller. Memory is bounded by
 * {@link #maxLine}: a longer line is skipped up to its newline and reported as {@link Oversized}.
 */
final class LineReader {

    /** The byte that precedes a guest-sync-delimited reply and that resets qemu's lexer. */
    static final byte DELIMITER = (byte) 0xFF;
    private static final int INITIAL_BUFFER = 64 * 1024;

    /** Thrown when a line was longer than the limit; its bytes were discarded. */
    static final class Oversized extends IOException {
        Oversized(long limit) {
            super("a reply longer than " + limit + " bytes");
        }
    }

    private final SocketChannel channel;
    private final Selector selector;
    private final int maxLine;
    private byte[] buffer = new byte[INITIAL_BUFFER];
    private int start;
    private int end;
    private int scanned;
    private boolean skipping;

    LineReader(SocketChannel channel, Selector selector, int maxLine) {
        this.channel = channel;
        this.selector = selector;
        this.maxLine = maxLine;
    }

    /**
     * The next line (without its newline, cut after its last 0xFF), waiting until
     * {@code deadlineNanos} ({@link System#nanoTime()}) at most.
     *
     * @throws TimeoutException when the deadline passed first
     * @throws EOFException when the agent closed the connection
     * @throws Oversized when a line exceeded the limit (its bytes are gone)
     */
    byte[] next(long deadlineNanos) throws IOException, TimeoutException {
        while (true) {
            int newline = indexOf((byte) '\n', Math.max(scanned, start), end);
            if (newline >= 0) {
                boolean wasSkipping = skipping;
                byte[] line = cut(start, newline);
                start = newline + 1;
                scanned = start;
                skipping = false;
                if (wasSkipping) {
                    throw new Oversized(maxLine);
                }
                return line;
            }
            scanned = end;
            if (end - start >= maxLine) {
                // Keep memory bounded: drop what we have and discard the rest of this line.
                skipping = true;
                start = end = scanned = 0;
            }
            fill(deadlineNanos);
        }
    }

    /** Bytes received but not yet returned as a line (for tests and diagnostics). */
    int pending() {
        return end - start;
    }

    private byte[] cut(int from, int to) {
        int last = -1;
        for (int i = to - 1; i >= from; i--) {
            if (buffer[i] == DELIMITER) {
                last = i;
                break;
            }
        }
        int begin = last < 0 ? from : last + 1;
        int stop = to > begin && buffer[to - 1] == '\r' ? to - 1 : to;
        return Arrays.copyOfRange(buffer, begin, stop);
    }

    private void fill(long deadlineNanos) throws IOException, TimeoutException {
        makeRoom();
        ByteBuffer target = ByteBuffer.wrap(buffer, end, buffer.length - end);
        while (true) {
            int n = channel.read(target);
            if (n > 0) {
                end += n;
                return;
            }
            if (n < 0) {
                throw new EOFException("the agent closed the connection");
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                throw new TimeoutException();
            }
            SelectionKey key = channel.keyFor(selector);
            key.interestOps(SelectionKey.OP_READ);
            selector.select(Math.max(1, remaining / 1_000_000));
            selector.selectedKeys().clear();
        }
    }

    private void makeRoom() {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            scanned -= start;
            start = 0;
        }
        if (end == buffer.length) {
            int grown = (int) Math.min((long) buffer.length * 2, (long) maxLine + 1);
            buffer = Arrays.copyOf(buffer, Math.max(grown, buffer.length + 1));
        }
    }

    private int indexOf(byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
