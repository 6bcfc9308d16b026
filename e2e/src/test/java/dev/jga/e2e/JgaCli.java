// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the host CLI {@code bin/jga} as a user would, against the port socket of the test guest. */
final class JgaCli {

    /** Longest one CLI run may take (JVM start, connect, resync, the call; TCG guest behind it). */
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private final ProjectLayout layout;
    private final Path socket;
    private final Path work;

    JgaCli(ProjectLayout layout, Path socket, Path work) {
        this.layout = layout;
        this.socket = socket;
        this.work = work;
    }

    /** What one run printed and returned. */
    record Result(int exitStatus, String stdout, String stderr) {}

    /** {@code bin/jga --socket <socket> <args>}, stdin empty, with the jars the build just made. */
    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(layout.root().resolve("bin/jga").toString(),
                "--socket", socket.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "jga-cli", ".out");
        Path err = Files.createTempFile(work, "jga-cli", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("JGA_NO_BUILD", "1"); // the reactor built dist/target/jga/lib
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/jga " + String.join(" ", args) + " did not finish within " + RUN_TIMEOUT
                    + "; stderr: " + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
