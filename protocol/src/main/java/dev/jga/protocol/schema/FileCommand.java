// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

import java.util.Optional;

/**
 * Guest file access: the guest-file-* commands. Handles are integers from one counter that starts
 * at 1000, is persisted in the state directory and never reused; exec pipe handles share it.
 */
public sealed interface FileCommand<R> extends Command<R> {

    /** Opens {@code path} with an fopen-style mode (default "r") and returns a handle. */
    @Qapi(name = "guest-file-open", since = "0.15.0",
            doc = "Opens a file in the guest with an fopen-style mode (default \"r\") and returns its handle.")
    record FileOpen(String path, Optional<String> mode) implements FileCommand<Long> {}

    @Qapi(name = "guest-file-close", since = "0.15.0", doc = "Closes a handle.")
    record FileClose(long handle) implements FileCommand<Empty> {}

    /** Reads up to {@code count} bytes (default 4096, at most 48 MiB). */
    @Qapi(name = "guest-file-read", since = "0.15.0",
            doc = "Reads up to count bytes (default 4096, at most 48 MiB) and returns them base64-encoded.")
    record FileRead(long handle, Optional<Long> count) implements FileCommand<GuestFileRead> {}

    /** Writes base64-decoded {@code buf-b64}, or its first {@code count} bytes. */
    @Qapi(name = "guest-file-write", since = "0.15.0",
            doc = "Writes the base64-decoded buf-b64 (or its first count bytes) and says how many bytes were written.")
    record FileWrite(long handle, String bufB64, Optional<Long> count) implements FileCommand<GuestFileWrite> {}

    /** Moves the file position; {@code whence} is 0/1/2 or "set"/"cur"/"end" (not the host's SEEK_*). */
    @Qapi(name = "guest-file-seek", since = "0.15.0",
            doc = "Moves the file position relative to the start, the current position or the end.")
    record FileSeek(long handle, long offset, GuestFileWhence whence) implements FileCommand<GuestFileSeek> {}

    @Qapi(name = "guest-file-flush", since = "0.15.0", doc = "Flushes written data to the file.")
    record FileFlush(long handle) implements FileCommand<Empty> {}

    /** {@code count} is the number of bytes before base64; {@code eof} follows stdio's feof(). */
    record GuestFileRead(long count, byte[] bufB64, boolean eof) {}

    record GuestFileWrite(long count, boolean eof) {}

    record GuestFileSeek(long position, boolean eof) {}

    /** QAPI enum QGASeek (since 2.6). */
    enum QgaSeek implements WireEnum {
        SET, CUR, END;

        @Override
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** QAPI alternate GuestFileWhence: the protocol's integer 0/1/2, or a {@link QgaSeek} name. */
    @Alternate("GuestFileWhence")
    sealed interface GuestFileWhence {
        record Value(long value) implements GuestFileWhence {}

        record Name(QgaSeek name) implements GuestFileWhence {}
    }
}
