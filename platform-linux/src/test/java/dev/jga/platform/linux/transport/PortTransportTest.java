// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_CLOEXEC;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_NONBLOCK;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_RDONLY;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_WRONLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jga.agent.platform.SystemError;
import dev.jga.agent.transport.Connection;
import dev.jga.platform.linux.nativeapi.LibC;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtio-serial session logic, driven by a FIFO that behaves like a virtio port seen from the
 * guest: with no writer ("no host") read returns end of file at once and poll reports POLLHUP;
 * a writer's data is read, its close is end of file, and a new writer is read on the same
 * descriptor. (A real virtio port is exercised by the VM test.)
 */
class PortTransportTest {

    @TempDir
    Path dir;

    private Path fifo() throws Exception {
        Path fifo = dir.resolve("port");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        return fifo;
    }

    private PortTransport portOver(Path fifo) throws SystemError {
        return PortTransport.over("virtio-serial", fifo.toString(), LibC.open(fifo.toString(), O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0));
    }

    /** A host session: open the FIFO for writing, send, hang up. */
    private static void hostSends(Path fifo, String text) throws IOException {
        int host = LibC.open(fifo.toString(), O_WRONLY | O_CLOEXEC, 0);
        try {
            Fds.write(host, text);
        } finally {
            LibC.close(host);
        }
    }

    @Test
    void inputWaitsForTheHostThenEndsWhenTheHostHangsUpAndTheNextAcceptResumesOnTheSameDescriptor() throws Exception {
        Path fifo = fifo();
        try (PortTransport port = portOver(fifo)) {
            Connection first = port.accept();
            CompletableFuture<String> firstRead = CompletableFuture.supplyAsync(() -> readQuietly(first), Fds.OWN_THREAD);
            Thread.sleep(300);
            assertThat(firstRead).isNotDone(); // no host yet: waiting, not end of file

            // A writer that opened and closed before: the FIFO now reports hang-up, like a detached virtio host.
            hostSends(fifo, "{\"execute\":\"guest-ping\"}");
            assertThat(firstRead.get()).isEqualTo("{\"execute\":\"guest-ping\"}");
            assertThat(Fds.read(first.input(), 64)).isNull(); // end of file after data: the session ends
            assertThat(Fds.read(first.input(), 64)).isNull();

            Connection second = port.accept();
            CompletableFuture<String> secondRead = CompletableFuture.supplyAsync(() -> readQuietly(second), Fds.OWN_THREAD);
            Thread.sleep(300);
            assertThat(secondRead).isNotDone(); // hang-up with no data: wait for the next host
            hostSends(fifo, "again");
            assertThat(secondRead.get()).isEqualTo("again");
        }
    }

    @Test
    void sessionsAndClosesLeakNoDescriptor() throws Exception {
        Path fifo = fifo();
        oneSessionThenClose(fifo); // warm up: class loading may open jars the first time
        long before = dev.jga.platform.linux.OpenDescriptorsAccess.count();
        for (int i = 0; i < 5; i++) {
            oneSessionThenClose(fifo);
        }
        assertThat(dev.jga.platform.linux.OpenDescriptorsAccess.count()).as("descriptors open now, against before (other threads may close theirs meanwhile)").isLessThanOrEqualTo(before);
    }

    private void oneSessionThenClose(Path fifo) throws Exception {
        PortTransport port = portOver(fifo);
        Connection connection = port.accept();
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> readQuietly(connection), Fds.OWN_THREAD);
        hostSends(fifo, "data");
        assertThat(read.get()).isEqualTo("data");
        connection.close();
        port.close();
    }

    @Test
    void waitingForTheHostDoesNotSpin() throws Exception {
        Path fifo = fifo();
        try (PortTransport port = portOver(fifo)) {
            int peer = LibC.open(fifo.toString(), O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0);
            LibC.close(peer); // from now on the FIFO reports POLLHUP and read returns 0 at once
            Connection connection = port.accept();
            AtomicReference<Thread> reader = new AtomicReference<>();
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
                reader.set(Thread.currentThread());
                return readQuietly(connection);
            }, Fds.OWN_THREAD);
            await().until(() -> reader.get() != null);
            var threads = ManagementFactory.getThreadMXBean();
            long cpuBefore = threads.getThreadCpuTime(reader.get().threadId());
            Thread.sleep(1000);
            long cpuMillis = (threads.getThreadCpuTime(reader.get().threadId()) - cpuBefore) / 1_000_000;
            assertThat(read).isNotDone();
            // A spinning reader burns about 1000 ms of CPU here; sleeping 100 ms per end of file burns a few.
            assertThat(cpuMillis).isLessThan(300);
            hostSends(fifo, "x");
            assertThat(read.get()).isEqualTo("x");
        }
    }

    @Test
    void waitingForTheHostSleepsUntilThePortChangesInsteadOfWakingPeriodically() throws Exception {
        Path fifo = fifo();
        try (PortTransport port = portOver(fifo)) {
            int peer = LibC.open(fifo.toString(), O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0);
            LibC.close(peer); // hang-up with no data, as a virtio port with no host
            Connection connection = port.accept();
            CompletableFuture<String> read = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name("host-wait-test").start(() -> read.complete(readQuietly(connection)));
            Path task = await().until(() -> taskNamed("host-wait-test"), java.util.Objects::nonNull);
            Thread.sleep(300); // past the first wait, which returns at once with the port's current state
            long before = voluntarySwitches(task);
            Thread.sleep(1000);
            // Re-reading the port every 100 ms would block and wake about 10 times in that second.
            assertThat(voluntarySwitches(task) - before).isLessThanOrEqualTo(1);
            assertThat(read).isNotDone();
            hostSends(fifo, "x");
            assertThat(read.get()).isEqualTo("x");
        }
    }

    @Test
    void aHostThatStaysAttachedWithoutTalkingWakesTheReaderOnlyWhenItSends() throws Exception {
        Path fifo = fifo();
        try (PortTransport port = portOver(fifo)) {
            int host = LibC.open(fifo.toString(), O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0); // attached, silent
            try {
                Connection connection = port.accept();
                CompletableFuture<String> read = new CompletableFuture<>();
                Thread.ofPlatform().daemon().name("silent-host").start(() -> read.complete(readQuietly(connection)));
                Path task = await().until(() -> taskNamed("silent-host"), java.util.Objects::nonNull);
                Thread.sleep(500); // past the first poll slice and the wake-up set's first report
                long before = voluntarySwitches(task);
                Thread.sleep(1000);
                // Polling in 100 ms slices would block and wake about 10 times in that second.
                assertThat(voluntarySwitches(task) - before).isLessThanOrEqualTo(1);
                assertThat(read).isNotDone();
                Fds.write(host, "{\"execute\":\"guest-ping\"}");
                assertThat(read.get()).isEqualTo("{\"execute\":\"guest-ping\"}");
            } finally {
                LibC.close(host);
            }
        }
    }

    @Test
    void closingTheTransportWakesAReaderWaitingOnASilentHost() throws Exception {
        Path fifo = fifo();
        PortTransport port = portOver(fifo);
        int host = LibC.open(fifo.toString(), O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0); // attached, silent
        try {
            Connection connection = port.accept();
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> readQuietly(connection), Fds.OWN_THREAD);
            Thread.sleep(500);
            assertThat(read).isNotDone();
            port.close();
            await().atMost(Duration.ofSeconds(5)).until(read::isDone);
            assertThat(read).isCompletedExceptionally();
        } finally {
            LibC.close(host);
        }
    }

    /** The /proc directory of this process's thread named {@code name}, or null. */
    private static Path taskNamed(String name) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip().equals(name);
                } catch (IOException gone) {
                    return false;
                }
            }).findFirst().orElse(null);
        }
    }

    private static long voluntarySwitches(Path task) throws IOException {
        return Files.readAllLines(task.resolve("status")).stream()
                .filter(line -> line.startsWith("voluntary_ctxt_switches:"))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).strip()))
                .findFirst().orElseThrow();
    }

    @Test
    void closingTheTransportWakesABlockedReader() throws Exception {
        Path fifo = fifo();
        PortTransport port = portOver(fifo);
        Connection connection = port.accept();
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> readQuietly(connection), Fds.OWN_THREAD);
        Thread.sleep(200);
        assertThat(read).isNotDone();
        port.close();
        await().atMost(Duration.ofSeconds(5)).until(read::isDone);
        assertThat(read).isCompletedExceptionally();
        assertThatThrownBy(port::accept).isInstanceOf(IOException.class);
    }

    @Test
    void aReadErrorEndsTheSessionAndBreaksTheTransportForRetryPath() throws Exception {
        // A directory polls readable and fails every read (EISDIR), standing in for a hot-unplugged port (ENODEV).
        try (PortTransport port = PortTransport.over("virtio-serial", dir.toString(),
                LibC.open(dir.toString(), O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0))) {
            Connection connection = port.accept();
            assertThatThrownBy(() -> connection.input().read(new byte[8]))
                    .isInstanceOfSatisfying(SystemError.class, e -> assertThat(e.strerror()).isEqualTo("Is a directory"));
            assertThatThrownBy(port::accept).isInstanceOf(IOException.class).hasMessageContaining("Is a directory");
        }
    }

    @Test
    void openingAMissingPortReportsQemusText() {
        assertThatThrownBy(() -> PortTransport.virtioSerial(dir.resolve("org.qemu.guest_agent.0").toString()))
                .isInstanceOf(SystemError.class)
                .hasMessageStartingWith("error opening channel '" + dir.resolve("org.qemu.guest_agent.0") + "': No such file or directory");
    }

    @Test
    void portIsServedOneSessionAtATime() throws Exception {
        Path fifo = fifo();
        try (PortTransport port = portOver(fifo)) {
            assertThat(port.concurrent()).isFalse();
            assertThat(port.describe()).isEqualTo("virtio-serial:" + fifo);
        }
        assertThat(Files.exists(fifo)).isTrue();
    }

    private static String readQuietly(Connection connection) {
        try {
            return Fds.read(connection.input(), 256);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
