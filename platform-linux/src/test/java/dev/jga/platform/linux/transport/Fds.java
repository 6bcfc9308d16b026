// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.POLLIN;

import dev.jga.platform.linux.nativeapi.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Test-side reads and writes on raw descriptors (the "host" end of a pty or FIFO), bounded in time. */
final class Fds {

    /**
     * Runs each async test step on its own thread: the common pool has a single worker on a
     * 2-core machine, so a blocked reader would hold back the writer it is tested against.
     */
    static final java.util.concurrent.Executor OWN_THREAD = task -> Thread.ofPlatform().daemon().start(task);

    private Fds() {}

    /** Reads exactly {@code count} bytes, or fails after ten seconds rather than hang the build. */
    static String readExactly(int fd, int count) throws IOException {
        byte[] buffer = new byte[count];
        int have = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (have < count) {
            if (System.nanoTime() > deadline) {
                throw new IOException("timed out after " + new String(buffer, 0, have, StandardCharsets.UTF_8));
            }
            if ((LibC.poll(fd, POLLIN, 100) & POLLIN) != 0) {
                byte[] chunk = new byte[count - have];
                int n = LibC.read(fd, chunk, 0, chunk.length);
                System.arraycopy(chunk, 0, buffer, have, n);
                have += n;
            }
        }
        return new String(Arrays.copyOf(buffer, have), StandardCharsets.UTF_8);
    }

    static void write(int fd, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int written = 0;
        while (written < bytes.length) {
            written += LibC.write(fd, bytes, written, bytes.length - written);
        }
    }

    static String read(java.io.InputStream in, int max) throws IOException {
        byte[] buffer = new byte[max];
        int n = in.read(buffer);
        return n < 0 ? null : new String(buffer, 0, n, StandardCharsets.UTF_8);
    }
}
