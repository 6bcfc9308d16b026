// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.file;

import dev.jga.client.AgentClient;
import dev.jga.client.AgentClientException;
import dev.jga.client.AgentProtocolException;
import dev.jga.client.link.Link;
import dev.jga.protocol.schema.FileCommand.FileClose;
import dev.jga.protocol.schema.FileCommand.FileOpen;
import dev.jga.protocol.schema.FileCommand.FileRead;
import dev.jga.protocol.schema.FileCommand.FileSeek;
import dev.jga.protocol.schema.FileCommand.FileWrite;
import dev.jga.protocol.schema.FileCommand.GuestFileRead;
import dev.jga.protocol.schema.FileCommand.GuestFileWhence;
import dev.jga.protocol.schema.FileCommand.GuestFileWrite;
import dev.jga.protocol.schema.FileCommand.QgaSeek;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Optional;

/**
 * Copies files between this host and the guest with guest-file-open/read/write/close, in chunks
 * that fit the link: never a reply over libvirt's 10 MiB, never a request over what the link can
 * carry (a virsh argument is at most 128 KiB). The guest handle is closed whatever happens.
 *
 * <p>Bytes are exact: base64 carries them, and the agent writes what it decodes.
 */
public final class FileTransfer {

    /** The largest chunk read or written per call: 4 MiB of data is 5.6 MB of base64, under libvirt's 10 MiB. */
    public static final int MAX_CHUNK = 4 << 20;
    /** Room in a request or reply for everything around the base64 payload. */
    private static final long ENVELOPE = 1024;

    private final AgentClient client;
    private final int readChunk;
    private final int writeChunk;

    public FileTransfer(AgentClient client, Link.Limits limits) {
        this.client = client;
        this.readChunk = chunkFor(limits.maxReplyBytes());
        this.writeChunk = chunkFor(limits.maxRequestBytes());
    }

    /** The most raw bytes whose base64 fits in {@code jsonBytes}, a multiple of 3, at most {@link #MAX_CHUNK}. */
    static int chunkFor(long jsonBytes) {
        long raw = (jsonBytes - ENVELOPE) / 4 * 3;
        return (int) Math.max(3, Math.min(MAX_CHUNK, raw - raw % 3));
    }

    public int readChunk() {
        return readChunk;
    }

    public int writeChunk() {
        return writeChunk;
    }

    /**
     * Writes everything from {@code in} to {@code guestPath} (created or truncated, mode "wb").
     *
     * @param size the number of bytes expected, for progress; -1 when unknown
     * @return the number of bytes written
     */
    public long upload(InputStream in, long size, String guestPath, TransferProgress progress) {
        long handle = client.call(new FileOpen(guestPath, Optional.of("wb")));
        boolean done = false;
        try {
            long total = 0;
            byte[] chunk = new byte[writeChunk];
            int n;
            while ((n = in.readNBytes(chunk, 0, chunk.length)) > 0) {
                writeFully(handle, chunk, n, guestPath);
                total += n;
                progress.update(total, size);
            }
            done = true;
            close(handle, true);
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local file for " + guestPath, e);
        } finally {
            if (!done) {
                close(handle, false);
            }
        }
    }

    private void writeFully(long handle, byte[] chunk, int length, String guestPath) {
        int offset = 0;
        while (offset < length) {
            String b64 = Base64.getEncoder().encodeToString(offset == 0 && length == chunk.length
                    ? chunk : java.util.Arrays.copyOfRange(chunk, offset, length));
            GuestFileWrite written = client.call(new FileWrite(handle, b64, Optional.empty()));
            if (written.count() <= 0) {
                throw new AgentProtocolException("guest-file-write on " + guestPath
                        + " wrote nothing; is the guest's disk full?");
            }
            offset += (int) written.count();
        }
    }

    /**
     * Reads {@code guestPath} (mode "rb") to its end into {@code out}.
     *
     * @return the number of bytes read
     */
    public long download(String guestPath, OutputStream out, TransferProgress progress) {
        long handle = client.call(new FileOpen(guestPath, Optional.of("rb")));
        boolean done = false;
        try {
            long size = sizeOf(handle);
            long total = 0;
            while (true) {
                GuestFileRead read = client.call(new FileRead(handle, Optional.of((long) readChunk)));
                out.write(read.bufB64());
                total += read.bufB64().length;
                if (read.bufB64().length > 0 || read.eof()) {
                    progress.update(total, size);
                }
                if (read.eof()) {
                    break;
                }
                if (read.bufB64().length == 0) {
                    // A non-blocking read of a pipe or device with nothing now: wait a little.
                    pause();
                }
            }
            out.flush();
            done = true;
            close(handle, true);
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local copy of " + guestPath, e);
        } finally {
            if (!done) {
                close(handle, false);
            }
        }
    }

    /** The file's size via seeking to its end and back; -1 for things that cannot seek (pipes, devices). */
    private long sizeOf(long handle) {
        try {
            long size = client.call(new FileSeek(handle, 0, new GuestFileWhence.Name(QgaSeek.END))).position();
            client.call(new FileSeek(handle, 0, new GuestFileWhence.Name(QgaSeek.SET)));
            return size;
        } catch (dev.jga.client.AgentException notSeekable) {
            return -1;
        }
    }

    private void close(long handle, boolean reportFailure) {
        try {
            client.call(new FileClose(handle));
        } catch (AgentClientException e) {
            if (reportFailure) {
                throw e;
            }
            // the copy already failed; that error is the one to report
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
