// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** jga cp against each real agent: 100 MB both ways, checksums identical, throughput printed. */
class CopyIT {

    static final int SIZE = 100_000_000;

    @ParameterizedTest
    @EnumSource(Target.class)
    void aHundredMegabytesGoBothWaysWithIdenticalChecksums(Target kind) throws Exception {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            Path source = agent.dir().resolve("source.bin");
            writeRandom(source, SIZE);
            Path inGuest = agent.dir().resolve("in-guest.bin");
            Path back = agent.dir().resolve("back.bin");

            long start = System.nanoTime();
            CliRun up = CliRun.run(agent.socket(), "cp", source.toString(), "guest:" + inGuest);
            double upSeconds = (System.nanoTime() - start) / 1e9;
            assertThat(up.status()).as(up.stderr()).isZero();

            start = System.nanoTime();
            CliRun down = CliRun.run(agent.socket(), "cp", "guest:" + inGuest, back.toString());
            double downSeconds = (System.nanoTime() - start) / 1e9;
            assertThat(down.status()).as(down.stderr()).isZero();

            String expected = sha256(source);
            assertThat(sha256(inGuest)).isEqualTo(expected);
            assertThat(sha256(back)).isEqualTo(expected);
            System.out.printf("%s: 100 MB upload %.2f s (%.1f MB/s), download %.2f s (%.1f MB/s)%n", kind,
                    upSeconds, SIZE / 1e6 / upSeconds, downSeconds, SIZE / 1e6 / downSeconds);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aFailedDownloadLeavesNoFileAndSaysWhy(Target kind) throws IOException {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            Path local = agent.dir().resolve("never");
            CliRun run = CliRun.run(agent.socket(), "cp", "guest:/nonexistent/file", local.toString());
            assertThat(run.status()).isEqualTo(1);
            assertThat(run.stderr()).contains("No such file or directory");
            try (var files = Files.list(agent.dir())) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("never"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void uploadingIntoADirectoryKeepsTheFileName(Target kind) throws IOException {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            Path source = agent.dir().resolve("named.txt");
            Files.writeString(source, "content");
            Path guestDir = Files.createDirectory(agent.dir().resolve("target"));
            CliRun run = CliRun.run(agent.socket(), "cp", source.toString(), "guest:" + guestDir);
            assertThat(run.status()).as(run.stderr()).isZero();
            assertThat(Files.readString(guestDir.resolve("named.txt"))).isEqualTo("content");
        }
    }

    static void writeRandom(Path file, int size) throws IOException {
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, Math.min(block.length, size - written));
            }
        }
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
