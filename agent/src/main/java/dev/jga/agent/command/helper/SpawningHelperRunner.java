// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.helper;

import dev.jga.agent.platform.ChildInput;
import dev.jga.agent.platform.ChildOutput;
import dev.jga.agent.platform.ExitStatus;
import dev.jga.agent.platform.OutputSink;
import dev.jga.agent.platform.ProcessLauncher;
import dev.jga.agent.platform.SpawnRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@link HelperRunner} on the platform's {@link ProcessLauncher}, which reaps and serves the
 * child's pipes on its own thread while the calling session waits here, as qemu-ga's
 * ga_run_command waits in its one thread (qga/commands-posix.c).
 */
public final class SpawningHelperRunner implements HelperRunner {

    /**
     * The most output of a helper kept for its error message; more is read and dropped, so a
     * chatty program cannot fill the agent's memory (qemu-ga keeps all of it).
     */
    public static final int MAX_OUTPUT = 64 * 1024;

    private final ProcessLauncher launcher;
    private final Duration outputGrace;

    /** {@code outputGrace}: how long the output pipe may stay open after the helper exited (a daemon it started). */
    public SpawningHelperRunner(ProcessLauncher launcher, Duration outputGrace) {
        this.launcher = launcher;
        this.outputGrace = outputGrace;
    }

    @Override
    public HelperRun run(List<String> argv, Optional<byte[]> input) throws IOException {
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        BoundedOutput output = new BoundedOutput();
        ChildInput stdin = input.<ChildInput>map(ChildInput.Bytes::new).orElseGet(ChildInput.Nothing::new);
        launcher.spawn(new SpawnRequest(argv.getFirst(), argv, Optional.empty(), stdin,
                new ChildOutput.Capture(output), new ChildOutput.SameAsStdout(), outputGrace, exit::complete));
        try {
            ExitStatus status = exit.get();
            output.ended.get();
            return new HelperRun(status, output.text());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + argv.getFirst());
        } catch (ExecutionException e) {
            throw new IOException("waiting for " + argv.getFirst(), e.getCause());
        }
    }

    /** Keeps the first {@link #MAX_OUTPUT} bytes; called on the platform's thread only. */
    private static final class BoundedOutput implements OutputSink {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();

        @Override
        public void accept(byte[] data, int offset, int length) {
            synchronized (bytes) {
                bytes.write(data, offset, Math.min(length, Math.max(0, MAX_OUTPUT - bytes.size())));
            }
        }

        @Override
        public void end() {
            ended.complete(null);
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
