// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.agent.platform.OpenFile;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GuestHandleTest {

    /** A regular file in memory: it knows its size, as fstat(2) would tell, and may grow. */
    private static class MemoryFile implements OpenFile {
        byte[] content;
        int offset;
        int reads;

        MemoryFile(int size) {
            content = new byte[size];
            for (int i = 0; i < size; i++) {
                content[i] = (byte) i;
            }
        }

        @Override
        public int read(byte[] buffer, int at, int length) {
            reads++;
            if (offset >= content.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, 64 * 1024), content.length - offset);
            System.arraycopy(content, offset, buffer, at, n);
            offset += n;
            return n;
        }

        @Override
        public int write(byte[] buffer, int at, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long seek(long to, Whence whence) {
            offset = (int) (whence == Whence.CUR ? offset + to : to);
            return offset;
        }

        @Override
        public long bytesLeft() {
            return Math.max(0, content.length - offset);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Test
    void aLargeReadOfARegularFileFillsOneBufferOfWhatIsLeftAndReportsTheEnd() throws Exception {
        MemoryFile file = new MemoryFile(300_000);
        GuestHandle.Chunk chunk = new GuestHandle(file).read(4 << 20);
        assertThat(chunk.data()).hasSize(300_000).isEqualTo(file.content);
        assertThat(chunk.length()).isEqualTo(300_000);
        assertThat(chunk.eof()).isTrue();
    }

    @Test
    void readingExactlyWhatIsLeftDoesNotReportTheEndUntilTheNextRead() throws Exception {
        MemoryFile file = new MemoryFile(200_000);
        GuestHandle handle = new GuestHandle(file);
        GuestHandle.Chunk chunk = handle.read(200_000);
        assertThat(chunk.length()).isEqualTo(200_000);
        assertThat(chunk.eof()).isFalse();
        GuestHandle.Chunk next = handle.read(100_000);
        assertThat(next.length()).isZero();
        assertThat(next.eof()).isTrue();
    }

    @Test
    void aFileThatGrewAfterItsSizeWasTakenIsReadToItsNewEnd() throws Exception {
        MemoryFile file = new MemoryFile(100_000) {
            @Override
            public long bytesLeft() {
                long left = super.bytesLeft();
                content = Arrays.copyOf(content, 150_000); // grows once its size was told
                Arrays.fill(content, 100_000, 150_000, (byte) 7);
                return left;
            }
        };
        GuestHandle.Chunk chunk = new GuestHandle(file).read(1 << 20);
        assertThat(chunk.length()).isEqualTo(150_000);
        assertThat(Arrays.copyOf(chunk.data(), chunk.length())).isEqualTo(file.content);
        assertThat(chunk.eof()).isTrue();
    }
}
