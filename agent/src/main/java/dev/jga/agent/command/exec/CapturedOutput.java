// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import dev.jga.agent.platform.OutputSink;
import java.util.Arrays;

/**
 * One captured stream of a guest-exec child (qemu: GuestExecIOData): at most
 * {@link #MAX_OUTPUT} bytes are kept; whatever comes after is read and dropped, and the stream
 * reports itself truncated. Unlike qemu-ga, "truncated" means exactly "bytes were dropped", so
 * exactly 16 MiB of output is never truncated (qemu's flag depends on a race there).
 */
final class CapturedOutput implements OutputSink {

    /** GUEST_EXEC_MAX_OUTPUT: 16 MiB per stream. */
    static final int MAX_OUTPUT = 16 * 1024 * 1024;
    /**
     * GUEST_EXEC_IO_SIZE is qemu's 4 KiB growth step; the buffer starts at that size and doubles
     * (capped at {@link #MAX_OUTPUT}), so 16 MiB costs 12 copies rather than 4,096, and a quiet
     * child costs 4 KiB, not 16 MiB.
     */
    static final int FIRST_CAPACITY = 4096;

    private static final byte[] NONE = new byte[0];

    private byte[] data = NONE;
    private int length;
    private boolean truncated;
    private boolean ended;

    @Override
    public synchronized void accept(byte[] bytes, int offset, int count) {
        int kept = Math.min(count, MAX_OUTPUT - length);
        if (kept < count) {
            truncated = true;
        }
        if (kept <= 0) {
            return;
        }
        ensureCapacity(length + kept);
        System.arraycopy(bytes, offset, data, length, kept);
        length += kept;
    }

    private void ensureCapacity(int needed) {
        if (needed > data.length) {
            long doubled = Math.max(FIRST_CAPACITY, 2L * data.length);
            data = Arrays.copyOf(data, (int) Math.min(MAX_OUTPUT, Math.max(needed, doubled)));
        }
    }

    @Override
    public synchronized void end() {
        ended = true;
    }

    synchronized boolean ended() {
        return ended;
    }

    synchronized int length() {
        return length;
    }

    synchronized boolean truncated() {
        return truncated;
    }

    /** The bytes kept; the buffer itself when it is exactly full, to spare a 16 MiB copy. */
    synchronized byte[] bytes() {
        return length == data.length ? data : Arrays.copyOf(data, length);
    }
}
