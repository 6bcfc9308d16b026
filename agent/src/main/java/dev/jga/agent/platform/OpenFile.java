// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import java.io.IOException;

/**
 * An open file descriptor behind a guest-file handle: a regular file, a device, a FIFO, or (for
 * guest-exec) one end of a child's pipe. Descriptors are non-blocking, so a read or write never
 * stalls the agent; stdio's semantics (eof, implicit flushes) are layered on top by the agent.
 */
public interface OpenFile extends AutoCloseable {

    /** Reads up to {@code length} bytes: the count, 0 when nothing is available now, -1 at end of file. */
    int read(byte[] buffer, int offset, int length) throws IOException;

    /** Writes up to {@code length} bytes and returns how many were taken (0 when a pipe is full). */
    int write(byte[] buffer, int offset, int length) throws IOException;

    /** lseek: {@code whence} is the platform's own SEEK_SET/CUR/END mapped by the caller. */
    long seek(long offset, Whence whence) throws IOException;

    /**
     * The bytes from the offset to the end of a regular file, or -1 when the descriptor has no
     * size (a pipe, FIFO or device): what a large read will get, so its buffer can be sized once.
     */
    default long bytesLeft() throws IOException {
        return -1;
    }

    /** Pushes written data to the kernel; a no-op for unbuffered descriptors. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;

    /** The origin of a seek. */
    enum Whence { SET, CUR, END }
}
