// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.testkit.AgentUnderTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C on {@code jga exec}, as a person types it: the CLI runs as its own process (a JVM on the
 * test's class path, stdin from /dev/null: against qemu-ga stdin is sent as input-data, so it must
 * end before the program starts), gets SIGINT, and must leave nothing running in the guest. The program is a
 * tree ({@code sh} and two {@code sleep}s in its process group); the agent here is local, so the
 * guest's processes are this machine's.
 */
class InterruptIT {

    /** Unique arguments, so the processes can be found in /proc and nothing else matches. */
    private static final String TREE = "sleep 311 & sleep 311; wait";

    /** Sleeps with the same command line that ran before the test (another run's), left out. */
    private List<String> before = List.of();

    /**
     * jga only: against qemu-ga the CLI can signal the program alone (ExecRunner.Terminator's kill
     * script), as qemu-ga starts its children in its own process group, so the sleeps would outlive it.
     */
    @Test
    void ctrlCEndsTheWholeRemoteTreeAndExits130() throws Exception {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(dev.jga.testkit.Target.JGA)) {
            before = sleeps();
            Process cli = new ProcessBuilder(cliCommand(agent.socket(), "exec", "--", "sh", "-c", TREE))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).start();
            try {
                awaitProcesses(2);
                interrupt(cli);
                assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("jga exec ended after Ctrl-C").isTrue();
                String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                awaitProcesses(0);
                assertThat(cli.exitValue()).as(output).isEqualTo(ExitStatus.INTERRUPTED);
                assertThat(output).contains("jga: sent TERM to remote process group")
                        .contains("Ctrl-C again to KILL").contains("interrupted").contains("has ended");
            } finally {
                cli.destroyForcibly();
            }
        }
    }

    /**
     * A tree that ignores TERM (sh's {@code trap '' TERM} is inherited by the sleeps) outlives the
     * first Ctrl-C, which only sends TERM and keeps waiting; the second sends KILL, which ends it.
     */
    @Test
    void aSecondCtrlCKillsATreeThatIgnoredTheFirst() throws Exception {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(dev.jga.testkit.Target.JGA)) {
            before = sleeps();
            Path stderr = agent.dir().resolve("jga-stderr");
            Process cli = new ProcessBuilder(cliCommand(agent.socket(), "exec", "--", "sh", "-c", "trap '' TERM; " + TREE))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
            try {
                awaitProcesses(2);
                interrupt(cli);
                awaitLine(stderr, "Ctrl-C again to KILL");
                Thread.sleep(500);
                assertThat(sleeps()).as("the tree after TERM").hasSize(2);
                assertThat(cli.isAlive()).as("jga exec waits after the first Ctrl-C").isTrue();
                interrupt(cli);
                assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("jga exec ended after the second Ctrl-C").isTrue();
                awaitProcesses(0);
                String output = Files.readString(stderr);
                assertThat(cli.exitValue()).as(output).isEqualTo(ExitStatus.INTERRUPTED);
                assertThat(output).contains("jga: sent KILL to remote process group").contains("has ended");
            } finally {
                cli.destroyForcibly();
            }
        }
    }

    private static void interrupt(Process cli) throws IOException, InterruptedException {
        Runtime.getRuntime().exec(new String[] {"kill", "-INT", Long.toString(cli.pid())}).waitFor();
    }

    /** Waits (at most 30 s) for {@code text} in {@code file}; fails otherwise. */
    private static void awaitLine(Path file, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(file).contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(file)).contains(text);
    }

    /** The CLI's main on this test's class path and JVM. */
    private static List<String> cliCommand(Path socket, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--socket", socket.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Waits (at most 30 s) until exactly {@code count} of the tree's sleeps run; fails otherwise. */
    private void awaitProcesses(int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> found = sleeps();
        while (found.size() != count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            found = sleeps();
        }
        assertThat(found).as("pids of 'sleep 311'").hasSize(count);
    }

    private List<String> sleeps() throws IOException {
        String wanted = "sleep\0" + "311\0";
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                                    .equals(wanted) && !Files.readString(p.resolve("stat")).contains(") Z ");
                        } catch (IOException gone) {
                            return false;
                        }
                    })
                    .map(p -> p.getFileName().toString()).filter(pid -> !before.contains(pid)).toList();
        }
    }
}
