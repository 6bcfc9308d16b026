// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import dev.jga.client.AgentClientException;
import dev.jga.client.link.RawLink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One agent process listening on a unix socket in a private directory, which is also its state
 * directory and working directory, the way qemu's own test-qga.c runs qemu-ga:
 * {@code -m unix-listen -p DIR/sock -t DIR}. The one launcher of the project's tests: conformance
 * (either target), the CLI's and the platform's module tests (jga from their class path) and the
 * benchmarks (any contender, with the time to its first reply).
 *
 * <p>A test's agent must stop cleanly: SIGTERM, and exit status 0, except a qemu-ga that deadlocks in
 * its own SIGTERM handler ({@link QemuGaQuitHandler}). A measured agent is only ended.
 */
public final class AgentUnderTest implements AutoCloseable {

    /** The oracle binary (Debian package qemu-guest-agent). */
    public static final Path QEMU_GA = AgentCommand.QEMU_GA;
    /** System property naming the repository root (where {@code bin/jga-agent} is). */
    public static final String REPO_PROPERTY = AgentCommand.REPO_PROPERTY;
    /** A JVM start on a busy 2-core machine takes seconds; this is the give-up point. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** SIGTERM to exit: qemu-ga and jga both exit at once; this is the give-up point. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** How often a measured start polls for the first reply: fine enough to time a start to the millisecond. */
    private static final Duration MEASURE_POLL = Duration.ofNanos(200_000);
    private static final Duration TEST_POLL = Duration.ofMillis(20);
    /** How long a stop waits for qemu-ga to finish what it does before it sends SIGTERM. */
    private static final Duration QEMU_GA_IDLE_TIMEOUT = Duration.ofSeconds(5);

    private final AgentCommand command;
    private final Path dir;
    private final boolean measured;
    private Process process;
    private int generation;
    private Duration startToReady = Duration.ZERO;

    private AgentUnderTest(AgentCommand command, Path dir, boolean measured) {
        this.command = command;
        this.dir = dir;
        this.measured = measured;
    }

    /** Starts the {@link Target#current() current target} with these extra command-line options. */
    public static AgentUnderTest start(String... extraArgs) {
        return start(List.of(extraArgs), Map.of());
    }

    /** Starts the current target with extra options and extra environment variables. */
    public static AgentUnderTest start(List<String> extraArgs, Map<String, String> env) {
        return start(AgentCommand.of(Target.current()).withArgs(extraArgs).withEnv(env));
    }

    /**
     * Starts a given target, whatever the current one is: differential tests run the oracle beside
     * the target under test and compare their replies on the same machine.
     */
    public static AgentUnderTest start(Target target, List<String> extraArgs, Map<String, String> env) {
        return start(AgentCommand.of(target).withArgs(extraArgs).withEnv(env));
    }

    /**
     * Starts {@code target} the way a module's tests need it, before the distribution exists: jga
     * from the test's class path (the reactor's fresh classes), the installed qemu-ga, or qemu-ga
     * 10.0 in its chroot. Skips the test only when that qemu-ga is not there, a prerequisite of the
     * machine; a jga that does not start fails it.
     */
    public static AgentUnderTest startOnClassPath(Target target) {
        if (target == Target.QEMU_GA_10) {
            org.junit.jupiter.api.Assumptions.assumeTrue(ChrootQemuGa.isAvailable(),
                    "qemu-ga 10.0's chroot is missing (bin/oracle-10 makes it)");
            return start(AgentCommand.qemuGa10());
        }
        if (target.isQemuGa()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(QEMU_GA),
                    "qemu-ga is not installed (apt-get install qemu-guest-agent)");
            return start(AgentCommand.qemuGa());
        }
        return start(AgentCommand.jgaOnClassPath());
    }

    /**
     * Starts {@code command} in a fresh temporary directory and waits until it listens; fails the
     * test, with its log, if it exits or does not listen within {@link #START_TIMEOUT}.
     */
    public static AgentUnderTest start(AgentCommand command) {
        try {
            AgentUnderTest agent = new AgentUnderTest(command, Files.createTempDirectory("jga-agent-"), false);
            agent.launch();
            return agent;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code command} in a fresh directory under {@code workRoot} for a benchmark: waits
     * for its first {@code guest-sync} reply and records how long that took
     * ({@link #startToReady()}). Closing it ends the process (SIGTERM, then SIGKILL) whatever its
     * state, and keeps the directory.
     */
    public static AgentUnderTest measure(AgentCommand command, Path workRoot) throws IOException {
        Path dir = Files.createTempDirectory(workRoot, command.name().replace(' ', '-') + "-");
        AgentUnderTest agent = new AgentUnderTest(command, dir, true);
        agent.launch();
        return agent;
    }

    public Target target() {
        for (Target target : Target.values()) {
            if (target.toString().equals(command.name())) {
                return target;
            }
        }
        return Target.JGA;
    }

    /** How it was started. */
    public AgentCommand command() {
        return command;
    }

    /** From process start to listening (a test's start) or to the first reply (a measured start). */
    public Duration startToReady() {
        return startToReady;
    }

    /** The temporary directory: state directory, working directory, socket location. */
    public Path dir() {
        return dir;
    }

    public Path socket() {
        return dir.resolve("sock");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What /proc says about the agent process right now. */
    public ProcStats stats() {
        return ProcStats.of(pid());
    }

    /** A client whose session is known clean (see {@link WireClient#resync()}). */
    public WireClient connect() {
        WireClient client = connectRaw();
        try {
            return client.resync();
        } catch (RuntimeException | Error e) {
            client.close(); // a leaked connection would keep qemu-ga (one client at a time) busy forever
            throw e;
        }
    }

    /** A client on a fresh connection, with no bytes sent yet. */
    public WireClient connectRaw() {
        try {
            return WireClient.connect(socket(), this::stderr);
        } catch (IOException e) {
            throw new AssertionError("cannot connect to " + socket() + ": " + e + stderrSuffix(), e);
        }
    }

    /** Everything the agent wrote to stderr so far (its log), for failure messages. */
    public String stderr() {
        try {
            Path log = logFile();
            return Files.exists(log) ? tail(Files.readString(log, StandardCharsets.ISO_8859_1)) : "";
        } catch (IOException e) {
            return "(cannot read stderr: " + e + ")";
        }
    }

    /** Stops the agent (SIGTERM, exit status 0 required) and starts it again on the same directory. */
    public void restart() {
        stop();
        launch();
    }

    /**
     * Waits for the agent to exit on its own (for pinning down qemu-ga's known crashes) and returns
     * its exit status, or empty if it is still running after {@code timeout}.
     */
    public java.util.OptionalInt awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                int status = process.exitValue();
                process = null;
                return java.util.OptionalInt.of(status);
            }
            return java.util.OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * SIGTERM, then SIGKILL if the agent has not exited within {@code grace}; no requirement on how
     * it exits (a benchmark ends agents it may have starved of memory).
     */
    public void terminate(Duration grace) {
        if (process == null) {
            return;
        }
        Process ending = process;
        process = null;
        ending.destroy();
        try {
            if (!ending.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                ending.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ending.destroyForcibly();
        }
    }

    /** SIGTERM, then requires exit status 0 within {@link #STOP_TIMEOUT} (test-qga.c's teardown). */
    public void stop() {
        if (process == null) {
            return;
        }
        if (measured) {
            terminate(STOP_TIMEOUT);
            return;
        }
        Process stopping = process;
        process = null;
        if (command.isQemuGa()) {
            QemuGaQuitHandler.awaitIdle(stopping.pid(), QEMU_GA_IDLE_TIMEOUT);
        }
        stopping.destroy(); // SIGTERM
        try {
            if (!stopping.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                boolean deadlocked = command.isQemuGa() && QemuGaQuitHandler.deadlockedInHandler(stopping.pid());
                stopping.destroyForcibly().waitFor();
                if (deadlocked) {
                    // qemu-ga's own bug (see QemuGaQuitHandler), not what these tests check.
                    System.err.println(command.name() + " deadlocked in its SIGTERM handler; killed" + stderrSuffix());
                    return;
                }
                throw new AssertionError(command.name() + " ignored SIGTERM for " + STOP_TIMEOUT.toSeconds() + " s"
                        + stderrSuffix());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.destroyForcibly();
            throw new AssertionError("interrupted while stopping " + command.name(), e);
        }
        if (stopping.exitValue() != 0) {
            throw new AssertionError(command.name() + " exited with status " + stopping.exitValue() + " on SIGTERM"
                    + stderrSuffix());
        }
    }

    /** Stops the agent (asserting a clean exit) and deletes its directory; a measured one is only ended. */
    @Override
    public void close() {
        if (measured) {
            terminate(Duration.ofSeconds(10));
            return;
        }
        try {
            stop();
        } finally {
            deleteRecursively(dir);
            if (target() == Target.QEMU_GA_10) {
                ChrootQemuGa.forget(dir);
            }
        }
    }

    private void launch() {
        generation++;
        List<String> commandLine = command.resolve(socket(), dir);
        ProcessBuilder builder = new ProcessBuilder(commandLine).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                .redirectError(ProcessBuilder.Redirect.to(logFile().toFile()));
        builder.environment().putAll(command.env());
        long started = System.nanoTime();
        try {
            Files.deleteIfExists(socket());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + commandLine, e);
        }
        awaitReady();
        startToReady = Duration.ofNanos(System.nanoTime() - started);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(command.name() + " exited with status " + process.exitValue()
                        + " before listening on " + socket() + stderrSuffix());
            }
            // qemu-ga drops a SIGTERM until its main loop runs (QemuGaQuitHandler): a reply says it does.
            if (Files.exists(socket()) && (measured || command.isQemuGa() ? answers() : listens())) {
                return;
            }
            sleep(measured ? MEASURE_POLL : TEST_POLL);
        }
        process.destroyForcibly();
        throw new AssertionError(command.name() + " did not listen on " + socket() + " within "
                + START_TIMEOUT.toSeconds() + " s" + stderrSuffix());
    }

    private boolean listens() {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket()));
            return true;
        } catch (IOException notYet) {
            return false; // bound but not listening yet
        }
    }

    private boolean answers() {
        try (RawLink link = RawLink.open(new dev.jga.client.Target.Unix(socket()), START_TIMEOUT)) {
            link.send("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":1}}\n".getBytes(StandardCharsets.US_ASCII),
                    RawLink.deadline(START_TIMEOUT));
            link.readUntil((byte) '\n', RawLink.deadline(START_TIMEOUT));
            return true;
        } catch (AgentClientException | IOException | TimeoutException notYet) {
            return false; // the socket file exists before listen(), or the agent went away
        }
    }

    private Path logFile() {
        return dir.resolve("stderr-" + generation + ".log");
    }

    private String stderrSuffix() {
        String text = stderr();
        return text.isBlank() ? "" : "\n--- " + command.name() + " stderr ---\n" + text;
    }

    /** The repository root: {@value #REPO_PROPERTY}, else the nearest parent holding bin/jga-agent. */
    public static Path repositoryRoot() {
        return AgentCommand.repositoryRoot();
    }

    /** Plain sleep for tests that must let time pass (idle windows), interrupt-safe. */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String tail(String text) {
        return text.length() <= 8000 ? text : "…" + text.substring(text.length() - 8000);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cleaning " + root, e);
        }
    }

    /** Extra environment for {@link #start(List, Map)}. */
    public static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }
}
