// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.client.AgentClient;
import dev.jga.client.Target;
import dev.jga.client.exec.ExecRequest;
import dev.jga.client.exec.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** jga exec and the library's exec against each real agent. */
class ExecIT {

    @ParameterizedTest
    @EnumSource(AgentProcess.Kind.class)
    void theProgramsExitCodeIsJgasExitCode(AgentProcess.Kind kind) {
        try (AgentProcess agent = AgentProcess.start(kind)) {
            agent.assumeCommand("guest-exec");
            assertThat(CliRun.run(agent.socket(), "exec", "--", "true").status()).isZero();
            assertThat(CliRun.run(agent.socket(), "exec", "--", "sh", "-c", "exit 3").status()).isEqualTo(3);
            assertThat(CliRun.run(agent.socket(), "exec", "sh", "-c", "exit 254").status()).isEqualTo(254);
        }
    }

    @ParameterizedTest
    @EnumSource(AgentProcess.Kind.class)
    void aSignalIsReportedExactlyAndExitsWith128PlusN(AgentProcess.Kind kind) {
        try (AgentProcess agent = AgentProcess.start(kind)) {
            agent.assumeCommand("guest-exec");
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
    @EnumSource(AgentProcess.Kind.class)
    void outputIsByteExactAndStdoutAndStderrStaySeparate(AgentProcess.Kind kind) throws Exception {
        try (AgentProcess agent = AgentProcess.start(kind)) {
            agent.assumeCommand("guest-exec");
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
    @EnumSource(AgentProcess.Kind.class)
    void stdinIsForwardedExactly(AgentProcess.Kind kind) {
        try (AgentProcess agent = AgentProcess.start(kind)) {
            agent.assumeCommand("guest-exec");
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
    @EnumSource(AgentProcess.Kind.class)
    void aMissingProgramExits127AndSaysSo(AgentProcess.Kind kind) {
        try (AgentProcess agent = AgentProcess.start(kind)) {
            agent.assumeCommand("guest-exec");
            CliRun run = CliRun.run(agent.socket(), "exec", "--", "/nonexistent/program");
            assertThat(run.status()).isEqualTo(127);
            assertThat(run.stderr()).contains("could not start /nonexistent/program").contains("No such file");
        }
    }

    @ParameterizedTest
    @EnumSource(AgentProcess.Kind.class)
    void aTimeoutExits124AndTerminatesTheProgram(AgentProcess.Kind kind) {
        try (AgentProcess agent = AgentProcess.start(kind)) {
            agent.assumeCommand("guest-exec");
            long start = System.nanoTime();
            CliRun run = CliRun.run(agent.socket(), "exec", "--timeout", "0.5", "--", "sleep", "3");
            assertThat(run.status()).isEqualTo(124);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(run.stderr()).contains("timed out after 0.5 s").contains("was sent SIGTERM");
        }
    }

    @ParameterizedTest
    @EnumSource(AgentProcess.Kind.class)
    void cwdUserAndEnvAddWorkOnJgaAndAreRefusedRatherThanFakedElsewhere(AgentProcess.Kind kind) {
        try (AgentProcess agent = AgentProcess.start(kind)) {
            agent.assumeCommand("guest-exec");
            CliRun cwd = CliRun.run(agent.socket(), "exec", "--cwd", "/tmp", "--", "pwd");
            CliRun user = CliRun.run(agent.socket(), "exec", "--user", "nobody", "--", "id", "-u");
            CliRun envAdd = CliRun.run(agent.socket(), "exec", "--env-add", "JGA_ADDED=1", "--", "sh", "-c",
                    "echo $JGA_ADDED; test -n \"$PATH\"");
            if (kind == AgentProcess.Kind.QEMU_GA) {
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
    @EnumSource(AgentProcess.Kind.class)
    void killSignalsTheProgramsGroupAndPsShowsIt(AgentProcess.Kind kind) throws Exception {
        try (AgentProcess agent = AgentProcess.start(kind)) {
            agent.assumeCommand("__dev.jga_guest-exec-kill");
            long pid;
            try (AgentClient client = AgentClient.connect(new Target.Unix(agent.socket()))) {
                pid = ExecRunnerAccess.start(client, "sh", "-c", "sleep 100 & sleep 100");
            }
            assertThat(CliRun.run(agent.socket(), "ps").out()).contains(pid + "  running");
            assertThat(CliRun.run(agent.socket(), "kill", "--signal", "KILL", Long.toString(pid)).status()).isZero();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!CliRun.run(agent.socket(), "ps").out().contains(pid + "  exited      SIG9")) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(AgentProcess.Kind.class)
    void envReplacesTheEnvironmentAsGuestExecDefines(AgentProcess.Kind kind) {
        try (AgentProcess agent = AgentProcess.start(kind)) {
            agent.assumeCommand("guest-exec");
            CliRun run = CliRun.run(agent.socket(), "exec", "-e", "FOO=bar", "--", "/usr/bin/env");
            assertThat(run.out()).isEqualTo("FOO=bar\n");
        }
    }

    /**
     * Depends on guest-pipe-open (jga's exec, branch exec): until the agent lists it this test is
     * skipped. A line printed by the program must reach us while the program still runs.
     */
    @ParameterizedTest
    @EnumSource(AgentProcess.Kind.class)
    void aLineReachesTheHostBeforeTheProgramEnds(AgentProcess.Kind kind) {
        try (AgentProcess agent = AgentProcess.start(kind);
                AgentClient client = AgentClient.connect(new Target.Unix(agent.socket()))) {
            Assumptions.assumeTrue(client.supports("guest-exec"), kind + " does not have guest-exec yet");
            Assumptions.assumeTrue(client.supports("guest-pipe-open"),
                    kind + " has no guest-pipe-open: output cannot stream (depends on the exec branch)");
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
}
