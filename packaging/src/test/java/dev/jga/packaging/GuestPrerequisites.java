// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.packaging;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the package's VM tests need from the host: tools on the PATH, root, and the built .deb.
 * A missing tool skips the test with the install command, or fails it under {@code CI=true},
 * where .ci/run must have installed everything.
 */
final class GuestPrerequisites {

    private GuestPrerequisites() {}

    /** Skips (or, on CI, fails) naming every missing tool of {@code tools} and {@code install}. */
    static void require(String test, List<String> tools, String install) {
        List<String> missing = new ArrayList<>();
        for (String tool : tools) {
            if (Stream.of(System.getenv().getOrDefault("PATH", "").split(":"), new String[] {"/usr/sbin", "/sbin"})
                    .flatMap(Stream::of).noneMatch(dir -> Files.isExecutable(Path.of(dir, tool)))) {
                missing.add(tool);
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        if (!missing.isEmpty()) {
            String message = test + " needs " + missing + " (" + install + "; run as root)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
    }

    /** The one jga-agent_*.deb that packaging/build-deb.sh left in {@code dir}. */
    static Path onlyDeb(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("jga-agent_.*\\.deb")).toList();
            if (debs.size() != 1) {
                throw new IOException("expected one jga-agent_*.deb in " + dir + " (packaging/build-deb.sh), found " + debs);
            }
            return debs.get(0);
        }
    }
}
