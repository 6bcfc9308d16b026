// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jga.agent.platform.ChildInput;
import dev.jga.agent.platform.ChildOutput;
import dev.jga.agent.platform.ExitStatus;
import dev.jga.agent.platform.OutputSink;
import dev.jga.agent.platform.ProcessLauncher;
import dev.jga.agent.platform.SpawnRequest;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exec loop failing (here: a sink that runs out of memory, as a capture buffer does when the
 * heap is exhausted) must not leave exec half alive: children already running and children
 * handed in meanwhile go to a new loop, which reaps them and reports their status; streams the
 * failed loop served are cut off (their sinks say so); and nothing is ever written to the failed
 * loop's closed eventfd number, which the next open(2) is given.
 */
class ExecLoopFailoverTest {

    private final ProcessLauncher launcher = LinuxProcessLauncher.create().orElseThrow();

    @AfterEach
    void close() {
        launcher.close();
    }

    /** Fails the loop at the first byte it is given, as a capture buffer that cannot grow would. */
    private static final class ExhaustedSink implements OutputSink {
        final CompletableFuture<String> ended = new CompletableFuture<>();

        @Override
        public void accept(byte[] data, int offset, int length) {
            throw new OutOfMemoryError("test: capture buffer cannot grow");
        }

        @Override
        public void end() {
            ended.complete("end");
        }

        @Override
        public void cutOff() {
            ended.complete("cut off");
        }
    }

    private static final class Sink implements OutputSink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<String> ended = new CompletableFuture<>();

        @Override
        public synchronized void accept(byte[] data, int offset, int length) {
            bytes.write(data, offset, length);
        }

        @Override
        public synchronized void end() {
            ended.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }

    private CompletableFuture<ExitStatus> spawn(ChildOutput stdout, String script) throws IOException {
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        launcher.spawn(new SpawnRequest("/bin/sh", List.of("/bin/sh", "-c", script), Optional.empty(),
                new ChildInput.Nothing(), stdout, new ChildOutput.Discard(), Duration.ofSeconds(2), exit::complete));
        return exit;
    }

    @Test
    void childrenOfAFailedLoopAreReapedAndReportedByItsSuccessor() throws Exception {
        CompletableFuture<ExitStatus> bystander = spawn(new ChildOutput.Discard(), "sleep 1; exit 3");
        ExhaustedSink exhausted = new ExhaustedSink();
        CompletableFuture<ExitStatus> culprit = spawn(new ChildOutput.Capture(exhausted), "echo x; sleep 1; exit 4");

        assertThat(exhausted.ended.get(20, TimeUnit.SECONDS)).isEqualTo("cut off");
        assertThat(bystander.get(20, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(3));
        assertThat(culprit.get(20, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(4));
        assertThat(LinuxProcessLauncherTest.zombieChildren()).isZero();
    }

    @Test
    void aKillAfterAGracePeriodIsSentByTheLoopThatTookOver() throws Exception {
        // The child ignores TERM (an ignored signal stays ignored across exec), so only the KILL ends it.
        CompletableFuture<ExitStatus> stubborn = new CompletableFuture<>();
        long pid = launcher.spawn(new SpawnRequest("/bin/sh", List.of("/bin/sh", "-c", "trap '' TERM; exec sleep 60"),
                Optional.empty(), new ChildInput.Nothing(), new ChildOutput.Discard(), new ChildOutput.Discard(),
                Duration.ofSeconds(2), stubborn::complete));
        // Only once the shell has become sleep is TERM ignored; one sent earlier would end it.
        await().atMost(Duration.ofSeconds(20)).until(() -> commandName(pid).equals("sleep"));
        launcher.signal(pid, 15, false, Optional.of(Duration.ofSeconds(2)));

        ExhaustedSink exhausted = new ExhaustedSink();
        spawn(new ChildOutput.Capture(exhausted), "echo x");
        assertThat(exhausted.ended.get(20, TimeUnit.SECONDS)).isEqualTo("cut off");

        assertThat(stubborn.get(20, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Killed(9));
        assertThat(LinuxProcessLauncherTest.zombieChildren()).isZero();
    }

    @Test
    void execWorksAfterTheLoopFailedAndNothingLandsInAFileOpenedSince(@TempDir Path dir) throws Exception {
        ExhaustedSink exhausted = new ExhaustedSink();
        CompletableFuture<ExitStatus> culprit = spawn(new ChildOutput.Capture(exhausted), "echo x");
        assertThat(exhausted.ended.get(20, TimeUnit.SECONDS)).isEqualTo("cut off");
        culprit.get(20, TimeUnit.SECONDS);

        // The lowest free numbers now include the failed loop's eventfd: files opened here get them.
        List<FileOutputStream> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            files.add(new FileOutputStream(dir.resolve("v" + i).toFile()));
        }
        Sink out = new Sink();
        CompletableFuture<ExitStatus> next = spawn(new ChildOutput.Capture(out), "echo served");
        assertThat(next.get(20, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(0));
        assertThat(out.ended.get(20, TimeUnit.SECONDS)).isEqualTo("served\n");
        for (FileOutputStream file : files) {
            file.close();
        }
        for (int i = 0; i < 4; i++) {
            assertThat(Files.size(dir.resolve("v" + i))).as("v" + i).isZero();
        }
        assertThat(LinuxProcessLauncherTest.zombieChildren()).isZero();
    }

    private static String commandName(long pid) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
    }
}
