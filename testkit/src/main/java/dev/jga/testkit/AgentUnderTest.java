// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One agent process listening on a unix socket in a private temporary directory, which is also its
 * state directory and working directory, the way qemu's own test-qga.c runs qemu-ga:
 * {@code -m unix-listen -p DIR/sock -t DIR}. Stopping sends SIGTERM and requires exit status 0.
 */
public final class AgentUnderTest implements AutoCloseable {

    /** The oracle binary (Debian package qemu-guest-agent). */
    public static final Path QEMU_GA = Path.of("/usr/sbin/qemu-ga");
    /** System property naming the repository root (where {@code bin/jga-agent} is). */
    public static final String REPO_PROPERTY = "conformance.repo";
    /** A JVM start on a busy 2-core machine takes seconds; this is the give-up point. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** SIGTERM to exit: qemu-ga and jga both exit at once; this is the give-up point. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Target target;
    private final Path dir;
    private final List<String> extraArgs;
    private final Map<String, String> env;
    private Process process;
    private int generation;

    private AgentUnderTest(Target target, Path dir, List<String> extraArgs, Map<String, String> env) {
        this.target = target;
        this.dir = dir;
        this.extraArgs = List.copyOf(extraArgs);
        this.env = Map.copyOf(env);
    }

    /** Starts the {@link Target#current() current target} with these extra command-line options. */
    public static AgentUnderTest start(String... extraArgs) {
        return start(List.of(extraArgs), Map.of());
    }

    /** Starts the current target with extra options and extra environment variables. */
    public static AgentUnderTest start(List<String> extraArgs, Map<String, String> env) {
        return start(Target.current(), extraArgs, env);
    }

    /**
     * Starts a given target, whatever the current one is: differential tests run the oracle beside
     * the target under test and compare their replies on the same machine.
     */
    public static AgentUnderTest start(Target target, List<String> extraArgs, Map<String, String> env) {
        try {
            AgentUnderTest agent = new AgentUnderTest(target, Files.createTempDirectory("jga-conf-"),
                    extraArgs, env);
            agent.launch();
            return agent;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Target target() {
        return target;
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

    /** SIGTERM, then requires exit status 0 within {@link #STOP_TIMEOUT} (test-qga.c's teardown). */
    public void stop() {
        if (process == null) {
            return;
        }
        Process stopping = process;
        process = null;
        stopping.destroy(); // SIGTERM
        try {
            if (!stopping.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                stopping.destroyForcibly().waitFor();
                throw new AssertionError(target + " ignored SIGTERM for " + STOP_TIMEOUT.toSeconds() + " s"
                        + stderrSuffix());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.destroyForcibly();
            throw new AssertionError("interrupted while stopping " + target, e);
        }
        if (stopping.exitValue() != 0) {
            throw new AssertionError(target + " exited with status " + stopping.exitValue() + " on SIGTERM"
                    + stderrSuffix());
        }
    }

    /** Stops the agent (asserting a clean exit) and deletes its directory. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            deleteRecursively(dir);
        }
    }

    private void launch() {
        generation++;
        ProcessBuilder builder = new ProcessBuilder(command()).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                .redirectError(ProcessBuilder.Redirect.to(logFile().toFile()));
        builder.environment().put("JGA_NO_BUILD", "1");
        builder.environment().putAll(env);
        try {
            Files.deleteIfExists(socket());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command(), e);
        }
        awaitListening();
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        if (target.isQemuGa()) {
            command.add(QEMU_GA.toString());
        } else {
            command.add(repositoryRoot().resolve("bin/jga-agent").toString());
        }
        command.addAll(List.of("-m", "unix-listen", "-p", socket().toString(), "-t", dir.toString()));
        if (target.isQemuGa()) {
            // Without -f, qemu-ga locks the system pidfile; a private one keeps runs independent.
            command.addAll(List.of("-f", dir.resolve("pid").toString()));
        }
        command.addAll(extraArgs);
        return command;
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(target + " exited with status " + process.exitValue()
                        + " before listening on " + socket() + stderrSuffix());
            }
            if (Files.exists(socket())) {
                try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    probe.connect(UnixDomainSocketAddress.of(socket()));
                    return;
                } catch (IOException notYet) {
                    // bound but not listening yet
                }
            }
            sleep(Duration.ofMillis(20));
        }
        process.destroyForcibly();
        throw new AssertionError(target + " did not listen on " + socket() + " within "
                + START_TIMEOUT.toSeconds() + " s" + stderrSuffix());
    }

    private Path logFile() {
        return dir.resolve("stderr-" + generation + ".log");
    }

    private String stderrSuffix() {
        String text = stderr();
        return text.isBlank() ? "" : "\n--- " + target + " stderr ---\n" + text;
    }

    /** The repository root: {@value #REPO_PROPERTY}, else the nearest parent holding bin/jga-agent. */
    public static Path repositoryRoot() {
        String configured = System.getProperty(REPO_PROPERTY);
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("bin/jga-agent"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find bin/jga-agent; set -D" + REPO_PROPERTY);
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
