// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jga.agent.platform.ChildInput;
import dev.jga.agent.platform.ChildOutput;
import dev.jga.agent.platform.ExitStatus;
import dev.jga.agent.platform.OutputSink;
import dev.jga.agent.platform.ProcessLauncher;
import dev.jga.agent.platform.SpawnRequest;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.Wait;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Linux process capability on its own: what a child gets, how it ends, what is left after. */
class LinuxProcessLauncherTest {

    private final ProcessLauncher launcher = LinuxProcessLauncher.create().orElseThrow();

    @AfterEach
    void close() {
        launcher.close();
    }

    /** A finished run: how the child ended and what it wrote. */
    record Run(long pid, ExitStatus status, String out, String err) {}

    private static final class Sink implements OutputSink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<Void> ended = new CompletableFuture<>();

        @Override
        public synchronized void accept(byte[] data, int offset, int length) {
            bytes.write(data, offset, length);
        }

        @Override
        public void end() {
            ended.complete(null);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private Run run(Duration grace, String... argv) throws Exception {
        Sink out = new Sink();
        Sink err = new Sink();
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        long pid = launcher.spawn(new SpawnRequest(argv[0], List.of(argv), Optional.empty(), new ChildInput.Nothing(),
                new ChildOutput.Capture(out), new ChildOutput.Capture(err), grace, exit::complete));
        ExitStatus status = exit.get(20, TimeUnit.SECONDS);
        out.ended.get(20, TimeUnit.SECONDS);
        err.ended.get(20, TimeUnit.SECONDS);
        return new Run(pid, status, out.text(), err.text());
    }

    private Run run(String... argv) throws Exception {
        return run(Duration.ofSeconds(2), argv);
    }

    @Test
    void exitCodeAndKillingSignalAreDistinct() throws Exception {
        assertThat(run("/bin/sh", "-c", "exit 137").status()).isEqualTo(new ExitStatus.Exited(137));
        assertThat(run("/bin/sh", "-c", "kill -9 $$").status()).isEqualTo(new ExitStatus.Killed(9));
        assertThat(run("/bin/sh", "-c", "kill -SEGV $$").status()).isEqualTo(new ExitStatus.Killed(11));
    }

    @Test
    void childLeadsItsOwnProcessGroup() throws Exception {
        Run run = run("/bin/sh", "-c", "cut -d' ' -f5 /proc/$$/stat");
        assertThat(run.out().strip()).isEqualTo(Long.toString(run.pid()));
    }

    @Test
    void childStartsWithAnEmptySignalMaskAndNothingIgnored() throws Exception {
        assertThat(run("/bin/grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status").out())
                .isEqualTo("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n");
    }

    @Test
    void childHasOnlyItsThreeStandardDescriptors() throws Exception {
        assertThat(run("/bin/sh", "-c", "ls /proc/$$/fd").out()).isEqualTo("0\n1\n2\n");
    }

    @Test
    void spawnFailuresCarryTheExecErrno() throws IOException {
        assertThatThrownBy(() -> run("/no/such/program")).isInstanceOfSatisfying(SystemError.class,
                e -> assertThat(e.strerror()).isEqualTo("No such file or directory"));
        assertThatThrownBy(() -> run("/tmp")).isInstanceOfSatisfying(SystemError.class,
                e -> assertThat(e.strerror()).isEqualTo("Permission denied"));
        assertThatThrownBy(() -> run("")).isInstanceOfSatisfying(SystemError.class,
                e -> assertThat(e.strerror()).isEqualTo("No such file or directory"));
    }

    @Test
    void graceEndsOutputHeldOpenByABackgroundGrandchild() throws Exception {
        long start = System.nanoTime();
        Run run = run(Duration.ofMillis(300), "/bin/sh", "-c", "sleep 30 & echo early");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(run.out()).isEqualTo("early\n");
        assertThat(millis).isBetween(250L, 10_000L);
        Wait.kill(-(int) run.pid(), 15); // the grandchild is still in the child's process group
    }

    @Test
    void thousandSpawnsLeaveNoZombieAndNoDescriptor() throws Exception {
        run("/bin/true");
        long before = descriptors();
        for (int i = 0; i < 1000; i++) {
            run("/bin/echo", Integer.toString(i));
        }
        assertThat(descriptors()).isEqualTo(before);
        assertThat(zombieChildren()).isZero();
    }

    @Test
    void idleLoopDoesNotWakeUp() throws Exception {
        run("/bin/true");
        Path task = loopThread();
        // Let the loop finish with the child it just reaped (on a loaded machine that can take a
        // moment), then require a whole second without a single wake-up.
        long before = contextSwitches(task);
        for (int settle = 0; settle < 50; settle++) {
            Thread.sleep(100);
            long now = contextSwitches(task);
            if (now == before) {
                break;
            }
            before = now;
        }
        Thread.sleep(1000);
        assertThat(contextSwitches(task)).isEqualTo(before);
    }

    @Test
    void closingTheLauncherStopsItsThread() throws Exception {
        run("/bin/true");
        Path task = loopThread();
        launcher.close();
        await().atMost(5, TimeUnit.SECONDS).until(() -> !Files.exists(task));
    }

    private static long descriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Zombie children of this test JVM (state Z in /proc/PID/stat, parent = us). */
    static long zombieChildren() throws IOException {
        long self = ProcessHandle.current().pid();
        long count = 0;
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (after[0].equals("Z") && Long.parseLong(after[1]) == self) {
                        count++;
                    }
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        return count;
    }

    /** /proc/self/task/TID of the loop thread (the kernel knows it by its Java name). */
    private static Path loopThread() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).strip().equals("jga-exec")) {
                    return task;
                }
            }
        }
        throw new AssertionError("no jga-exec thread");
    }

    private static long contextSwitches(Path task) throws IOException {
        long total = 0;
        for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.contains("ctxt_switches:")) {
                total += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return total;
    }
}
