// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the end-to-end tests find what they put into the guest: the repository root (set by the
 * build as {@code jga.root}), the boot script, the agent launcher whose JVM flags the guest copies,
 * and the runtime jars collected by the dist module.
 */
record ProjectLayout(Path root, Path work) {

    /** The layout the failsafe configuration in e2e/pom.xml describes. */
    static ProjectLayout fromBuild() {
        Path root = Path.of(System.getProperty("jga.root", "..")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("jga.e2e.work", root.resolve("e2e/target/vm").toString()));
        return new ProjectLayout(root, work.toAbsolutePath().normalize());
    }

    Path bootScript() {
        return root.resolve("e2e/vm/boot-guest.sh");
    }

    /** bin/jga-agent: the guest runs the agent with exactly its JVM flags. */
    Path agentLauncher() {
        return root.resolve("bin/jga-agent");
    }

    /** The jars bin/jga-agent runs (dist/target/jga/lib), built by the reactor before this module. */
    Path agentLib() {
        return root.resolve("dist/target/jga/lib");
    }

    /** A fresh per-class working directory under target/vm (boot log, staged agent files, timings). */
    Path workFor(String name) throws java.io.IOException {
        return Files.createDirectories(work.resolve(name));
    }
}
