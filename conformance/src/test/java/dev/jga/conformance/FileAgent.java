// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Shared shape of the guest-file tests: one agent, files in its directory, transcripts with ${dir}. */
abstract class FileAgent extends OneAgent {

    /** Runs a transcript on a fresh, resynced client with {@code ${dir}} bound to the agent's directory. */
    static Map<String, String> run(String transcript, Object... bindings) {
        try (WireClient client = agent.connect()) {
            Transcript script = Transcript.of(transcript).with("dir", agent.dir());
            for (int i = 0; i + 1 < bindings.length; i += 2) {
                script.with(String.valueOf(bindings[i]), bindings[i + 1]);
            }
            return script.run(client);
        }
    }

    static Path file(String name, byte[] content) {
        Path path = agent.dir().resolve(name);
        try {
            Files.write(path, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }

    static Path file(String name, String content) {
        return file(name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
