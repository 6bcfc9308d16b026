// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.packaging;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Removes the comment and blank lines of a properties file in place, and fails unless the file
 * still holds exactly the same properties. Used on the runtime image's
 * {@code conf/security/java.security}: 72 KB of which 3 KB are properties. The JDK parses that
 * file before the first reply of a unix-socket agent (the socket code makes a SecureRandom, which
 * loads the security properties), and parsing the comments cost ~4 ms of a start
 * (docs/performance.md, "Where the start time goes").
 *
 * <p>A single-file program, like {@link AotTraining}: {@code java CompactProperties.java FILE}.
 */
public final class CompactProperties {

    private CompactProperties() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CompactProperties FILE");
        }
        Path file = Path.of(args[0]);
        String original = Files.readString(file, StandardCharsets.ISO_8859_1);
        String compact = compact(original);
        Properties kept = load(compact);
        if (!load(original).equals(kept)) {
            throw new IOException(file + ": removing comments would change its properties; left unchanged");
        }
        Files.writeString(file, compact, StandardCharsets.ISO_8859_1);
        System.out.printf("%s: %,d -> %,d bytes, %d properties%n", file, original.length(), compact.length(),
                kept.size());
    }

    /** Whole-line comments ({@code #} or {@code !}) and blank lines out; every other line as it was. */
    static String compact(String text) {
        StringBuilder kept = new StringBuilder();
        for (String line : List.of(text.split("\n", -1))) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#") && !trimmed.startsWith("!")) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString();
    }

    private static Properties load(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }
}
