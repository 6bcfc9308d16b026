// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The manual pages, one resource per subcommand ({@code help/exec.txt}), plus {@code help/jga.txt}. */
final class Help {

    private Help() {}

    static String page(String name) {
        try (InputStream in = Help.class.getResourceAsStream("help/" + name + ".txt")) {
            if (in == null) {
                throw new IllegalStateException("no help page for " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
