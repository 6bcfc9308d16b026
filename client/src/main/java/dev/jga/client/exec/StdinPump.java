// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.exec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads local stdin on its own thread (a read may block for as long as a user types) into a
 * bounded queue the exec loop drains without blocking. Memory: at most {@link #QUEUED_CHUNKS} of
 * {@link #CHUNK} bytes are waiting at once.
 */
final class StdinPump {

    /** Bytes per read of local stdin, and so at most per guest-file-write. */
    static final int CHUNK = 64 * 1024;
    /** Chunks read ahead of the agent; the reader blocks when the agent is slower. */
    static final int QUEUED_CHUNKS = 8;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private final Thread reader;

    private StdinPump(InputStream in) {
        this.reader = Thread.ofPlatform().daemon().name("jga-stdin").unstarted(() -> pump(in));
    }

    static StdinPump start(InputStream in) {
        StdinPump pump = new StdinPump(in);
        pump.reader.start();
        return pump;
    }

    /**
     * The next chunk if one is ready: empty when nothing is, a zero-length array at end of input.
     */
    Optional<byte[]> poll() {
        return Optional.ofNullable(chunks.poll());
    }

    static boolean isEnd(byte[] chunk) {
        return chunk.length == 0;
    }

    /** Stops reading; a read already blocked in the stream ends when the stream does. */
    void stop() {
        reader.interrupt();
    }

    private void pump(InputStream in) {
        byte[] buffer = new byte[CHUNK];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    chunks.put(Arrays.copyOf(buffer, n));
                }
            }
        } catch (IOException | InterruptedException e) {
            // end of forwarding either way: the program sees end of input
        }
        try {
            chunks.put(END);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }
}
