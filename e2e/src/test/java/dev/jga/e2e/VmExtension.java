// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import dev.jga.testkit.GuestShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One guest VM per test class: checks the host (skip, or fail under CI), boots the guest with the
 * given agent, waits for the agent's first reply, stops the VM after the class (also when something
 * failed), prints the serial console's tail for every failure, and records the timings in
 * target/vm/&lt;class&gt;/timings.txt.
 *
 * <p>Register it in a static field: {@code @RegisterExtension static final VmExtension VM = ...}.
 */
final class VmExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        TestWatcher {

    /**
     * Longest wait from the guest launching the agent to its first guest-sync-delimited reply
     * (measured: qemu-ga ~0.1 s, a JVM under TCG ~1 s).
     */
    static final Duration FIRST_REPLY_TIMEOUT = Duration.ofSeconds(90);

    /**
     * The guest's init restarts an agent that exits (1 s later, like systemd's Restart=always); an
     * agent that exited this often before answering once is crashing, and waiting longer is pointless.
     */
    static final int CRASHES_BEFORE_GIVING_UP = 2;

    /**
     * jga's log lines when main runs and when its channel is open (qemu-ga without -v logs neither):
     * they split the agent's start-up into JVM start, set-up, and the first request.
     */
    static final List<String> START_MARKERS = List.of("info: jga ", "info: listening on");

    /** Console lines printed with a failure: enough for the agent's last log lines and the guest's init. */
    static final int SERIAL_TAIL_LINES = 60;

    private final GuestAgent agent;
    private final GuestSetup setup;
    private final List<String> timings = new ArrayList<>();
    private GuestVm vm;
    private Path work;
    private long testStart;

    private VmExtension(GuestAgent agent, GuestSetup setup) {
        this.agent = agent;
        this.setup = setup;
    }

    static VmExtension running(GuestAgent agent) {
        return running(agent, GuestSetup.MINIMAL);
    }

    static VmExtension running(GuestAgent agent, GuestSetup setup) {
        return new VmExtension(agent, setup);
    }

    /** The running guest. */
    GuestVm vm() {
        if (vm == null) {
            throw new IllegalStateException("no VM: register VmExtension in a static field");
        }
        return vm;
    }

    /** A new raw connection to the agent (not yet resynced). */
    QgaConnection connect() throws IOException {
        return QgaConnection.open(vm().qgaSocket());
    }

    /** A connection to the test's shell in the guest (a guest set up with one). */
    GuestShell shell() throws IOException {
        return GuestShell.open(vm().shellSocket());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ProjectLayout layout = ProjectLayout.fromBuild();
        Optional<String> missing = HostPrerequisites.missing(layout);
        if (missing.isPresent()) {
            String message = "VM tests (" + context.getDisplayName() + ") cannot run on this host: " + missing.get();
            if (HostPrerequisites.required()) {
                throw new IllegalStateException(message + "\nCI=true: the VM tests are required here.");
            }
            System.err.println("[vm] SKIPPED " + message);
            Assumptions.abort(message);
        }
        work = layout.workFor(context.getRequiredTestClass().getSimpleName());
        vm = GuestVm.boot(layout, agent, setup, work);
        try {
            List<ConsoleMarker> markers = START_MARKERS.stream()
                    .map(marker -> ConsoleMarker.watch(vm.serialLog(), marker)).toList();
            Duration firstReply;
            try {
                firstReply = awaitFirstReply();
            } finally {
                markers.forEach(ConsoleMarker::stop);
            }
            StringBuilder steps = new StringBuilder();
            markers.forEach(m -> m.seenAfter().ifPresent(d -> steps.append(String.format("; '%s' in its log after"
                    + " %.2f s", m.marker(), seconds(d)))));
            record("boot-guest.sh (initramfs + boot) %.2f s; QEMU start to agent launch %s s; agent launch to first"
                    + " reply %.2f s%s", seconds(vm.bootWall()), vm.guestReadySeconds(), seconds(firstReply), steps);
        } catch (IOException | RuntimeException e) {
            String tail = vm.serialTail(SERIAL_TAIL_LINES);
            vm.close();
            throw new IOException(agent.name() + " never answered guest-sync-delimited; serial console:\n" + tail, e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (vm != null) {
            vm.close();
            record("logs: %s", vm.runDir());
        }
        if (work != null) {
            Files.write(work.resolve("timings.txt"), timings);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        testStart = System.nanoTime();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        record("test %s %.2f s", context.getDisplayName(), (System.nanoTime() - testStart) / 1e9);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (vm != null) {
            System.err.printf("[vm] %s failed; %s's serial console (%s) ends with:%n%s%n", context.getDisplayName(),
                    agent.name(), vm.serialLog(), vm.serialTail(SERIAL_TAIL_LINES));
        }
    }

    /** Retries resync on fresh connections: a JVM agent needs ~1 s under TCG before it opens the port. */
    private Duration awaitFirstReply() throws IOException {
        long start = System.nanoTime();
        long deadline = start + FIRST_REPLY_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            long exits = vm.agentExits();
            if (exits >= CRASHES_BEFORE_GIVING_UP) {
                throw new IOException("the agent exited " + exits + " times without answering", last);
            }
            try (QgaConnection connection = connect()) {
                connection.syncDelimited(Duration.ofSeconds(5));
                return Duration.ofNanos(System.nanoTime() - start);
            } catch (IOException e) {
                last = e;
                sleep(Duration.ofMillis(200));
            }
        }
        throw new IOException("no reply within " + FIRST_REPLY_TIMEOUT.toSeconds() + " s", last);
    }

    private void record(String format, Object... args) {
        String line = agent.name() + ": " + String.format(format, args);
        timings.add(line);
        System.out.println("[vm] " + line);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
