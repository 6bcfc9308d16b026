// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.client.AgentClient;
import dev.jga.client.Target;
import dev.jga.client.exec.ExecRequest;
import dev.jga.client.exec.ExecResult;
import dev.jga.testkit.AgentUnderTest;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** jga exec and the library's exec against each real agent. */
class ExecIT {

    @ParameterizedTest
    @EnumSource(dev.jga.testkit.Target.class)
    void theProgramsExitCodeIsJgasExitCode(dev.jga.testkit.Target kind) {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            assertThat(CliRun.run(agent.socket(), "exec", "--", "true").status()).isZero();
            assertThat(CliRun.run(agent.socket(), "exec", "--", "sh", "-c", "exit 3").status()).isEqualTo(3);
            assertThat(CliRun.run(agent.socket(), "exec", "sh", "-c", "exit 254").status()).isEqualTo(254);
        }
    }

    @ParameterizedTest
    @EnumSource(dev.jga.testkit.Target.class)
    void aSignalIsReportedExactlyAndExitsWith128PlusN(dev.jga.testkit.Target kind) {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            // One client at a time (qemu-ga): the library's connection closes before the CLI's opens.
            try (AgentClient client = AgentClient.connect(new Target.Unix(agent.socket()))) {
                ExecResult result = client.exec(ExecRequest.builder("sh", List.of("-c", "kill -TERM $$")).build());
                assertThat(result).isInstanceOfSatisfying(ExecResult.Signaled.class,
                        signaled -> assertThat(signaled.signal()).isEqualTo(15));
            }
            assertThat(CliRun.run(agent.socket(), "exec", "--", "sh", "-c", "kill -9 $$").status()).isEqualTo(137);
        }
    }

    @ParameterizedTest
    @EnumSource(dev.jga.testkit.Target.class)
    void outputIsByteExactAndStdoutAndStderrStaySeparate(dev.jga.testkit.Target kind) throws Exception {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            byte[] data = new byte[300_000];
            new Random(7).nextBytes(data);
            for (int i = 0; i < 256; i++) {
                data[i] = (byte) i;
            }
            Path file = agent.dir().resolve("binary");
            Files.write(file, data);
            CliRun run = CliRun.run(agent.socket(), "exec", "--", "sh", "-c", "cat " + file + "; echo to-stderr >&2");
            assertThat(run.status()).isZero();
            assertThat(run.stdout()).isEqualTo(data);
            assertThat(run.stderr()).isEqualTo("to-stderr\n");
        }
    }

    @ParameterizedTest
    @EnumSource(dev.jga.testkit.Target.class)
    void stdinIsForwardedExactly(dev.jga.testkit.Target kind) {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            byte[] input = new byte[1 << 20];
            new Random(11).nextBytes(input);
            CliRun run = CliRun.run(agent.socket(), input, "exec", "--", "cat");
            assertThat(run.status()).isZero();
            assertThat(run.stdout()).isEqualTo(input);
            CliRun closed = CliRun.run(agent.socket(), input, "exec", "-n", "--", "wc", "-c");
            assertThat(closed.out().strip()).isEqualTo("0");
        }
    }

    @ParameterizedTest
    @EnumSource(dev.jga.testkit.Target.class)
    void aMissingProgramExits127AndSaysSo(dev.jga.testkit.Target kind) {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            CliRun run = CliRun.run(agent.socket(), "exec", "--", "/nonexistent/program");
            assertThat(run.status()).isEqualTo(127);
            assertThat(run.stderr()).contains("could not start /nonexistent/program").contains("No such file");
        }
    }

    @ParameterizedTest
    @EnumSource(dev.jga.testkit.Target.class)
    void aTimeoutExits124AndTerminatesTheProgram(dev.jga.testkit.Target kind) {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            // "sleep 317" names the program uniquely: it must be gone when jga exec returns, which
            // proves the termination without timing anything.
            CliRun run = CliRun.run(agent.socket(), "exec", "--timeout", "0.5", "--", "sleep", "317");
            assertThat(run.status()).isEqualTo(124);
            assertThat(run.stderr()).contains("timed out after 0.5 s").contains("was sent SIGTERM");
            assertThat(processesWithCommandLine("sleep", "317")).as("the timed-out program still runs").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(dev.jga.testkit.Target.class)
    void cwdUserAndEnvAddWorkOnJgaAndAreRefusedRatherThanFakedElsewhere(dev.jga.testkit.Target kind) {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            CliRun cwd = CliRun.run(agent.socket(), "exec", "--cwd", "/tmp", "--", "pwd");
            CliRun user = CliRun.run(agent.socket(), "exec", "--user", "nobody", "--", "id", "-u");
            CliRun envAdd = CliRun.run(agent.socket(), "exec", "--env-add", "JGA_ADDED=1", "--", "sh", "-c",
                    "echo $JGA_ADDED; test -n \"$PATH\"");
            if (kind.isQemuGa()) {
                for (CliRun refused : List.of(cwd, user, envAdd)) {
                    assertThat(refused.status()).isEqualTo(255);
                    assertThat(refused.stderr()).contains("lacks jga's guest-exec extensions");
                    assertThat(refused.stdout()).isEmpty();
                }
                return;
            }
            assertThat(cwd.out()).isEqualTo("/tmp\n");
            assertThat(envAdd.out()).isEqualTo("1\n");
            assertThat(envAdd.status()).isZero();
            if (ProcessHandle.current().info().user().orElse("").equals("root")) {
                assertThat(user.out()).isEqualTo("65534\n");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = dev.jga.testkit.Target.class, names = "JGA")
    void killSignalsTheProgramsGroupAndPsShowsIt(dev.jga.testkit.Target kind) throws Exception {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            long pid;
            try (AgentClient client = AgentClient.connect(new Target.Unix(agent.socket()))) {
                pid = ExecRunnerAccess.start(client, "sh", "-c", "sleep 100 & sleep 100");
            }
            assertThat(CliRun.run(agent.socket(), "ps").out()).contains(pid + "  running");
            // -s before the subcommand is the socket, after kill the signal (kill(1)'s -s)
            assertThat(CliRun.run(java.util.Map.of(), new java.io.ByteArrayInputStream(new byte[0]),
                    "-s", agent.socket().toString(), "kill", "-s", "KILL", Long.toString(pid)).status()).isZero();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (CliRun.run(agent.socket(), "ps").out().lines()
                    .noneMatch(line -> line.matches(" *" + pid + " +exited +SIG9 .*"))) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(dev.jga.testkit.Target.class)
    void envReplacesTheEnvironmentAsGuestExecDefines(dev.jga.testkit.Target kind) {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            CliRun run = CliRun.run(agent.socket(), "exec", "-e", "FOO=bar", "--", "/usr/bin/env");
            assertThat(run.out()).isEqualTo("FOO=bar\n");
        }
    }

    /**
     * jga's guest-pipe-open (qemu-ga has none, so the test is jga's alone). A line printed by the program must reach us while the program still runs.
     */
    @ParameterizedTest
    @EnumSource(value = dev.jga.testkit.Target.class, names = "JGA")
    void aLineReachesTheHostBeforeTheProgramEnds(dev.jga.testkit.Target kind) {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind);
                AgentClient client = AgentClient.connect(new Target.Unix(agent.socket()))) {
            assertThat(client.supports("guest-pipe-open")).as("jga streams output through guest-pipe-open").isTrue();
            AtomicLong firstLineAt = new AtomicLong();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            OutputStream out = new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public synchronized void write(byte[] b, int off, int len) {
                    seen.write(b, off, len);
                    if (firstLineAt.get() == 0 && seen.toString(StandardCharsets.US_ASCII).contains("first\n")) {
                        firstLineAt.set(System.nanoTime());
                    }
                }
            };
            ExecResult result = client.exec(ExecRequest.builder("sh", List.of("-c", "echo first; sleep 3; echo second"))
                    .stdout(out).build());
            long endedAt = System.nanoTime();
            assertThat(result).isEqualTo(new ExecResult.Exited(result.pid(), 0, false));
            assertThat(seen.toString(StandardCharsets.US_ASCII)).isEqualTo("first\nsecond\n");
            assertThat(Duration.ofNanos(endedAt - firstLineAt.get())).isGreaterThan(Duration.ofSeconds(2));
        }
    }

    /** Pids whose command line is exactly {@code argv} (read from /proc, as ps does). */
    private static java.util.List<String> processesWithCommandLine(String... argv) {
        String wanted = String.join("\0", argv) + "\0";
        try (var entries = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return new String(java.nio.file.Files.readAllBytes(p.resolve("cmdline")),
                                    java.nio.charset.StandardCharsets.UTF_8).equals(wanted);
                        } catch (java.io.IOException gone) {
                            return false;
                        }
                    })
                    .map(p -> p.getFileName().toString()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
