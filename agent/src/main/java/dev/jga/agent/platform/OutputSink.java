// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

/**
 * Receives a captured stream. Called by the platform's stream-serving thread, never concurrently
 * for one sink; implementations must be quick and must not block (they run on the only thread
 * that serves every child's pipes).
 */
public interface OutputSink {

    /** The child wrote {@code data[offset, offset + length)}. */
    void accept(byte[] data, int offset, int length);

    /**
     * No more data will come: every writer closed the pipe, reading it failed, or the child had
     * exited and the output grace period ran out while something (a background grandchild) still
     * held the pipe open. Called exactly once.
     */
    void end();

    /**
     * As {@link #end()}, but the platform stopped serving the stream before the child closed it
     * (its serving thread failed): whatever the child wrote after is lost. Called instead of
     * {@link #end()}, at most once.
     */
    default void cutOff() {
        end();
    }
}
