// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

/**
 * Where a {@link JsonStreamer} asks for the memory a message grows into. A daemon serving many
 * clients passes one allowance shared by all of them, so that many large messages at once get a
 * refusal each instead of exhausting the heap together; a one-shot parser needs none.
 */
public interface MemoryAllowance {

    /** Never refuses: for a parser whose input is already in memory. */
    MemoryAllowance UNBOUNDED = new MemoryAllowance() {
        @Override
        public boolean reserve(long bytes) {
            return true;
        }

        @Override
        public void release(long bytes) {}
    };

    /** Takes {@code bytes}, or takes nothing and returns false when that much is not left. */
    boolean reserve(long bytes);

    /** Gives back {@code bytes} taken by {@link #reserve}. */
    void release(long bytes);
}
