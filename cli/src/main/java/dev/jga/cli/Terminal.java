// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a standard stream is a terminal. The JDK only answers for stdin and stdout together
 * ({@link java.io.Console#isTerminal()}); jga needs each on its own (progress bars go to stderr),
 * so it asks Linux through /proc, and answers "no" where it cannot tell.
 */
final class Terminal {

    private Terminal() {}

    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
