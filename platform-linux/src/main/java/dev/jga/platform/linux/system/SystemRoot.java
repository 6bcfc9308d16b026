// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.system;

import java.nio.file.Path;

/**
 * Where the readers find the system's files: {@code /} in the agent, a fixture tree in tests.
 * Paths are named as absolute system paths ("/proc/stat"), as qemu names them in its errors; the
 * error texts keep that name whatever the root.
 */
public record SystemRoot(Path root) {

    public static final SystemRoot LIVE = new SystemRoot(Path.of("/"));

    /** The file standing for the absolute system path {@code absolute}. */
    public Path at(String absolute) {
        return root.resolve(absolute.substring(1));
    }
}
