// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this process's open descriptors, so tests can prove nothing leaked. */
final class OpenDescriptors {

    private OpenDescriptors() {}

    static long count() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count(); // includes the directory descriptor of this listing, every time
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a FIFO with mkfifo(1): the JDK cannot, and a test should not need a binding for it. */
    static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException("mkfifo " + path + " failed");
        }
        return path;
    }
}
