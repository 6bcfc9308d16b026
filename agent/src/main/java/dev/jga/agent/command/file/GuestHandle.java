// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.file;

import dev.jga.agent.platform.OpenFile;
import java.io.IOException;
import java.util.Arrays;

/**
 * One guest-file handle: an open descriptor plus the stdio behaviour qemu-ga's clients see
 * through its FILE*: reads loop until {@code count} bytes or end of file, and the end-of-file flag
 * is sticky (glibc ≥ 2.28) until a seek clears it. So reading exactly the remaining bytes reports
 * {@code eof:false}, and the next read {@code count:0, eof:true}.
 *
 * <p>On a pipe or FIFO nothing blocks: a read returns what is there now, a write what fits.
 * Calls on one handle are serialised; different handles proceed in parallel.
 */
public class GuestHandle implements AutoCloseable {

    /** Where a read of unknown length starts (QGA_READ_COUNT_DEFAULT is 4 KiB; a pipe holds 64 KiB). */
    static final int FIRST_BUFFER = 64 * 1024;

    private final OpenFile file;
    private boolean eof;

    public GuestHandle(OpenFile file) {
        this.file = file;
    }

    /** Bytes read and the resulting end-of-file flag. */
    public record Chunk(byte[] data, int length, boolean eof) {}

    /** Bytes written and the end-of-file flag (stdio reports feof() after fwrite too). */
    public record Written(int count, boolean eof) {}

    /** The descriptor behind this handle, which guest-exec may give a child as a standard stream. */
    public OpenFile file() {
        return file;
    }

    /**
     * Reads up to {@code count} bytes. A large read of a regular file gets a buffer of what is
     * left in it, so a 4 MiB read allocates its 4 MiB once; any other read starts at
     * {@link #FIRST_BUFFER} and the buffer doubles as data arrives, so a large count of a pipe
     * costs nothing up front.
     */
    public synchronized Chunk read(int count) throws IOException {
        long left = count > FIRST_BUFFER ? file.bytesLeft() : -1;
        boolean toEnd = left >= 0 && left < count; // the buffer ends where the file does
        byte[] buffer = new byte[(int) Math.min(count, left >= 0 ? Math.max(left, 1) : FIRST_BUFFER)];
        int length = 0;
        while (length < count && !eof) {
            if (length == buffer.length) {
                if (toEnd && atEnd()) {
                    break;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(count, 2L * buffer.length));
                toEnd = false;
            }
            int n = file.read(buffer, length, buffer.length - length);
            if (n < 0) {
                eof = true;
            } else if (n == 0) {
                break;
            } else {
                length += n;
            }
        }
        return new Chunk(buffer, length, eof);
    }

    /**
     * Whether a buffer filled to the file's end met the end of file, as the next read would: a
     * byte read past it (the file grew meanwhile) is given back by seeking one byte back.
     */
    private boolean atEnd() throws IOException {
        int n = file.read(new byte[1], 0, 1);
        if (n < 0) {
            eof = true;
        } else if (n > 0) {
            file.seek(-1, OpenFile.Whence.CUR);
        }
        return n != 1;
    }

    /** Writes as much of {@code data[0, count)} as the descriptor takes now. */
    public synchronized Written write(byte[] data, int count) throws IOException {
        int written = 0;
        while (written < count) {
            int n = file.write(data, written, count - written);
            if (n <= 0) {
                break;
            }
            written += n;
        }
        return new Written(written, eof);
    }

    /** Seeks and clears the end-of-file flag, as fseek does. */
    public synchronized long seek(long offset, OpenFile.Whence whence) throws IOException {
        long position = file.seek(offset, whence);
        eof = false;
        return position;
    }

    public synchronized boolean eof() {
        return eof;
    }

    public synchronized void flush() throws IOException {
        file.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }

    void closeQuietly() {
        HandleTable.closeQuietly(this);
    }
}
