// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParser;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.Target;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The other subcommands, help, errors and Ctrl-C, against each real agent. */
class CliIT {

    @ParameterizedTest
    @EnumSource(Target.class)
    void pingInfoAndCallWork(Target kind) {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            CliRun ping = CliRun.run(agent.socket(), "ping");
            assertThat(ping.status()).isZero();
            assertThat(ping.out()).contains("the agent answered in");

            CliRun table = CliRun.run(agent.socket(), "info");
            assertThat(table.out()).contains("version").contains("guest-file-open").contains("ENABLED");

            CliRun json = CliRun.run(agent.socket(), "info", "--json");
            JsonObject info = (JsonObject) JsonParser.parse(json.out().strip());
            assertThat(info.has("supported_commands")).isTrue();

            CliRun refused = CliRun.run(agent.socket(), "call", "guest-file-close", "{\"handle\": 123456}");
            assertThat(refused.status()).isEqualTo(1);
            assertThat(refused.stderr()).contains("handle '123456' has not been found");

            CliRun unknown = CliRun.run(agent.socket(), "call", "guest-no-such-thing");
            assertThat(unknown.status()).isEqualTo(1);
            assertThat(unknown.stderr()).contains("has not been found").contains("jga info");
        }
    }

    @ParameterizedTest
    @EnumSource(dev.jga.testkit.Target.class)
    void psListsOnJgaAndSaysQemuGaCannot(dev.jga.testkit.Target kind) {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            CliRun ps = CliRun.run(agent.socket(), "ps");
            if (kind.isQemuGa()) {
                assertThat(ps.status()).isEqualTo(255);
                assertThat(ps.stderr()).contains("cannot list the programs it started");
                return;
            }
            assertThat(ps.status()).isZero();
            assertThat(ps.out()).startsWith("     PID  STATE");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"exec", "cp", "ping", "info", "call", "ps", "kill"})
    void everySubcommandHasAManualPage(String subcommand) {
        CliRun run = CliRun.run(Map.of(), new ByteArrayInputStream(new byte[0]), subcommand, "--help");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("NAME").contains("SYNOPSIS").contains("EXIT STATUS").contains("jga " + subcommand);
    }

    @Test
    void usageErrorsAreOneLineWithWhereToLookAndExit255() {
        CliRun noTarget = CliRun.run(Map.of(), new ByteArrayInputStream(new byte[0]), "ping");
        assertThat(noTarget.status()).isEqualTo(255);
        assertThat(noTarget.stderr()).contains("JGA_TARGET").contains("jga ping --help").hasLineCount(1);
        CliRun badOption = CliRun.run(Map.of(), new ByteArrayInputStream(new byte[0]), "cp", "--bogus", "a", "b");
        assertThat(badOption.status()).isEqualTo(255);
        assertThat(badOption.stderr()).contains("unknown option --bogus").hasLineCount(1);
        CliRun noVm = CliRun.run(Map.of(), new ByteArrayInputStream(new byte[0]), "ping", "--socket", "/nonexistent/sock");
        assertThat(noVm.status()).isEqualTo(255);
        assertThat(noVm.stderr()).contains("no such socket").hasLineCount(1);
    }

    @Test
    void killTakesDashSAsTheSignalAsKill1DoesAndEveryOtherPlaceAsTheSocket() {
        CliRun socketGiven = CliRun.run(Map.of(), new ByteArrayInputStream(new byte[0]), "kill", "-s", "/run/vm.sock", "12");
        assertThat(socketGiven.status()).isEqualTo(255);
        assertThat(socketGiven.stderr()).contains("-s is the signal for jga kill").contains("--socket PATH")
                .hasLineCount(1);
        CliRun both = CliRun.run(Map.of(), new ByteArrayInputStream(new byte[0]),
                "-s", "/nonexistent/sock", "kill", "-s", "KILL", "12");
        assertThat(both.stderr()).contains("no such socket").hasLineCount(1);
        CliRun signalOnly = CliRun.run(Map.of(), new ByteArrayInputStream(new byte[0]), "kill", "-sKILL", "12");
        assertThat(signalOnly.stderr()).contains("JGA_TARGET").hasLineCount(1);
        CliRun ping = CliRun.run(Map.of(), new ByteArrayInputStream(new byte[0]), "ping", "-s", "/nonexistent/sock");
        assertThat(ping.stderr()).contains("no such socket").hasLineCount(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** A real process: Ctrl-C (SIGINT) ends jga with 130 and terminates the remote program. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void ctrlCExits130AndTerminatesTheRemoteProgram(Target kind) throws Exception {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            Path started = agent.dir().resolve("started");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), "dev.jga.cli.Main",
                    "--socket", agent.socket().toString(), "exec", "-n", "--", "sh", "-c",
                    "echo $$ > " + started + ".tmp; mv " + started + ".tmp " + started + "; exec sleep 30"));
            Path stderrFile = agent.dir().resolve("jga-stderr");
            Process jga = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                    Path.of("/dev/null").toFile())).redirectError(stderrFile.toFile()).start();
            long remotePid = 0;
            try {
                for (int i = 0; i < 600 && !Files.exists(started); i++) {
                    AgentUnderTest.sleep(Duration.ofMillis(50));
                }
                assertThat(started).as(() -> "jga did not start the program: " + read(stderrFile)).exists();
                remotePid = Long.parseLong(Files.readString(started).strip());
                new ProcessBuilder("kill", "-INT", Long.toString(jga.pid())).start().waitFor();
                assertThat(jga.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(jga.exitValue()).isEqualTo(130);
                String stderr = read(stderrFile);
                assertThat(stderr).contains("jga: sent TERM to remote process").contains("interrupted")
                        .contains("(pid " + remotePid + ") has ended");
                long pid = remotePid;
                for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
                    AgentUnderTest.sleep(Duration.ofMillis(50));
                }
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                        .as("the remote program ended").isFalse();
            } finally {
                jga.destroyForcibly();
                if (remotePid > 0) {
                    ProcessHandle.of(remotePid).ifPresent(ProcessHandle::destroy);
                }
            }
        }
    }
}
