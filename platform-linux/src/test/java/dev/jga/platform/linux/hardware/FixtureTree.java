// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.hardware;

import dev.jga.platform.linux.system.SystemRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of a fixture tree under src/test/resources/fixtures, which the setters may write to. */
final class FixtureTree {

    private FixtureTree() {}

    static SystemRoot copy(String name, Path into) {
        Path from = Path.of("src", "test", "resources", "fixtures", name);
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = into.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SystemRoot(into);
    }
}
