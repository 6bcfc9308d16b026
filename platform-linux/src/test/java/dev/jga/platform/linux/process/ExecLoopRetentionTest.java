// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.agent.platform.ChildInput;
import dev.jga.agent.platform.ChildOutput;
import dev.jga.agent.platform.ExitStatus;
import dev.jga.agent.platform.OutputSink;
import dev.jga.agent.platform.ProcessLauncher;
import dev.jga.agent.platform.SpawnRequest;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the exec loop served a finished child must not stay reachable from the loop: a capture's
 * sink holds the child's output (up to 16 MiB a stream) and input-data can be as large, so a
 * reference kept after the child is gone pins them in the heap of an idle agent.
 */
class ExecLoopRetentionTest {

    private final ProcessLauncher launcher = LinuxProcessLauncher.create().orElseThrow();

    @AfterEach
    void close() {
        launcher.close();
    }

    private static final class Sink implements OutputSink {
        final CompletableFuture<Void> ended = new CompletableFuture<>();

        @Override
        public void accept(byte[] data, int offset, int length) {}

        @Override
        public void end() {
            ended.complete(null);
        }
    }

    /** Runs a child whose stdin is fed and whose stdout and stderr are captured, to its end. */
    private WeakReference<Object> finishedChildWithStreams(String script) throws Exception {
        Sink out = new Sink();
        Sink err = new Sink();
        byte[] input = "some input\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        launcher.spawn(new SpawnRequest("/bin/sh", List.of("/bin/sh", "-c", script), Optional.empty(),
                new ChildInput.Bytes(input), new ChildOutput.Capture(out), new ChildOutput.Capture(err),
                Duration.ofSeconds(2), exit::complete));
        assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(0));
        out.ended.get(20, TimeUnit.SECONDS);
        err.ended.get(20, TimeUnit.SECONDS);
        return new WeakReference<>(out);
    }

    private static boolean collectedWithin(WeakReference<Object> reference, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (reference.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        return reference.get() == null;
    }

    @Test
    void aFinishedChildsCaptureSinkCanBeCollectedWhileTheLoopIdles() throws Exception {
        WeakReference<Object> sink = finishedChildWithStreams("cat; echo done >&2");

        assertThat(collectedWithin(sink, Duration.ofSeconds(10))).isTrue();
    }
}
