// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * An agent process on a unix socket in a private directory (also its state directory), started
 * the way the conformance testkit and qemu's test-qga.c start it: {@code -m unix-listen -p DIR/sock
 * -t DIR}. jga runs from this test's class path (the reactor's fresh classes); when it cannot
 * serve yet (its platform or exec pieces not merged), tests against it are skipped with the reason.
 */
final class AgentProcess implements AutoCloseable {

    /** Which agent. */
    enum Kind {
        /** Debian's qemu-ga 7.2, the oracle. */
        QEMU_GA,
        /** jga-agent from this build. */
        JGA
    }

    static final Path QEMU_GA = Path.of("/usr/sbin/qemu-ga");
    /** A JVM start on a busy 2-core machine takes seconds. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Kind kind;
    private final Path dir;
    private final Process process;

    private AgentProcess(Kind kind, Path dir, Process process) {
        this.kind = kind;
        this.dir = dir;
        this.process = process;
    }

    static AgentProcess start(Kind kind) {
        try {
            Path dir = Files.createTempDirectory("jga-cli-it-");
            Path sock = dir.resolve("sock");
            List<String> command = new ArrayList<>();
            if (kind == Kind.QEMU_GA) {
                Assumptions.assumeTrue(Files.isExecutable(QEMU_GA), "qemu-ga is not installed");
                command.addAll(List.of(QEMU_GA.toString(), "-m", "unix-listen", "-p", sock.toString(), "-t",
                        dir.toString(), "-f", dir.resolve("pid").toString()));
            } else {
                command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                        "dev.jga.agent.Main", "-m", "unix-listen", "-p", sock.toString(), "-t", dir.toString()));
            }
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .redirectError(dir.resolve("stderr.log").toFile()).start();
            AgentProcess agent = new AgentProcess(kind, dir, process);
            agent.awaitListening();
            return agent;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Kind kind() {
        return kind;
    }

    Path dir() {
        return dir;
    }

    Path socket() {
        return dir.resolve("sock");
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = stderr();
                close();
                if (kind == Kind.JGA) {
                    Assumptions.abort("jga-agent cannot serve yet (exit " + process.exitValue() + "): " + lastLine(log));
                }
                throw new AssertionError(kind + " exited before listening: " + log);
            }
            if (Files.exists(socket())) {
                try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    probe.connect(UnixDomainSocketAddress.of(socket()));
                    return;
                } catch (IOException notYet) {
                    // bound, not listening yet
                }
            }
            sleep(20);
        }
        close();
        throw new AssertionError(kind + " did not listen within " + START_TIMEOUT.toSeconds() + " s: " + stderr());
    }

    /**
     * Skips the calling test unless the agent lists {@code command} as enabled: jga's commands
     * land branch by branch (guest-exec comes from the exec branch).
     */
    void assumeCommand(String command) {
        try (dev.jga.client.AgentClient client = dev.jga.client.AgentClient.connect(
                new dev.jga.client.Target.Unix(socket()))) {
            Assumptions.assumeTrue(client.supports(command), kind + " does not have " + command + " yet");
        }
    }

    String stderr() {
        try {
            Path log = dir.resolve("stderr.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
