// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One in-process run of the CLI with captured streams. */
record CliRun(int status, byte[] stdout, String stderr) {

    static CliRun run(Path socket, byte[] stdin, String... args) {
        return run(Map.of("JGA_TARGET", "unix:" + socket), new ByteArrayInputStream(stdin), args);
    }

    static CliRun run(Path socket, String... args) {
        return run(socket, new byte[0], args);
    }

    static CliRun run(Map<String, String> environment, InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Cli(new Console(stdin, out, err, environment, false, false)).run(args);
        return new CliRun(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    static List<String> list(String... items) {
        return List.of(items);
    }
}
