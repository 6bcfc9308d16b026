// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * guest-file on a FIFO (qga/commands-posix.c qmp_guest_file_open): files are opened O_NONBLOCK, so a FIFO without a
 * reader cannot be opened for writing (ENXIO), one without a writer reads as EOF, and seeking is
 * ESPIPE.
 */
class FifoIT extends FileAgent {

    @Test
    void aFifoWithoutAReaderCannotBeOpenedForWriting() throws Exception {
        Path fifo = mkfifo("no-reader");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"w"}}
                < {"error": {"class": "GenericError", "desc": "failed to open file '${p}' (mode: 'w'): No such device or address"}}
                """, "p", fifo);
    }

    @Test
    void aFifoWithoutAWriterReadsAsEofAndCannotSeek() throws Exception {
        Path fifo = mkfifo("no-writer");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"r"}}
                < {"return": $int:h}
                > {"execute":"guest-file-read","arguments":{"handle":${h}}}
                < {"return": {"count": 0, "buf-b64": "", "eof": true}}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":0,"whence":"set"}}
                < {"error": {"class": "GenericError", "desc": "failed to seek file: Illegal seek"}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", fifo);
    }

    @Test
    void bytesAFifoWriterSentAreRead() throws Exception {
        Path fifo = mkfifo("with-writer");
        var values = run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"r"}}
                < {"return": $int:h}
                """, "p", fifo);
        // The agent holds the read end (non-blocking), so opening the write end does not block.
        try (OutputStream writer = Files.newOutputStream(fifo)) {
            writer.write("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            writer.flush();
            run("""
                    > {"execute":"guest-file-read","arguments":{"handle":${h},"count":3}}
                    < {"return": {"count": 3, "buf-b64": "YWJj", "eof": false}}
                    """, "h", values.get("h"));
        }
        run("""
                > {"execute":"guest-file-read","arguments":{"handle":${h}}}
                < {"return": {"count": 0, "buf-b64": "", "eof": true}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "h", values.get("h"));
    }

    @Test
    void aFifoWithAReaderAcceptsWrites() throws Exception {
        Path fifo = mkfifo("with-reader");
        // O_RDWR on a FIFO never blocks on Linux: it keeps a reader open for the agent's writer.
        try (var reader = java.nio.channels.FileChannel.open(fifo, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            run("""
                    > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"w"}}
                    < {"return": $int:h}
                    > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"aGk="}}
                    < {"return": {"count": 2, "eof": false}}
                    > {"execute":"guest-file-flush","arguments":{"handle":${h}}}
                    < {"return": {}}
                    > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                    < {"return": {}}
                    """, "p", fifo);
            java.nio.ByteBuffer got = java.nio.ByteBuffer.allocate(2);
            reader.read(got);
            org.assertj.core.api.Assertions.assertThat(new String(got.array(), java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("hi");
        }
    }

    private static Path mkfifo(String name) throws IOException, InterruptedException {
        Path path = agent.dir().resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).inheritIO().start();
        if (mkfifo.waitFor() != 0) {
            throw new IOException("mkfifo " + path + " failed");
        }
        return path;
    }
}
