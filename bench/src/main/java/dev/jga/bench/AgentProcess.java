// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One agent under measurement, started as its users start it, on a unix socket in a fresh
 * directory. Records the time from process start to its first {@code guest-sync} reply.
 */
final class AgentProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path dir;
    private final Path socket;
    private final Duration startToFirstReply;

    private AgentProcess(String name, Process process, Path dir, Path socket, Duration startToFirstReply) {
        this.name = name;
        this.process = process;
        this.dir = dir;
        this.socket = socket;
        this.startToFirstReply = startToFirstReply;
    }

    /** Starts {@code command} (with {@code {sock}} and {@code {dir}} replaced) and waits for its first reply. */
    static AgentProcess start(String name, List<String> command, Path workRoot) throws IOException, InterruptedException {
        return start(name, command, workRoot, "");
    }

    /** As {@link #start(String, List, Path)}, with {@code javaOpts} in JGA_JAVA_OPTS (extra JVM flags for jga). */
    static AgentProcess start(String name, List<String> command, Path workRoot, String javaOpts)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(workRoot, name + "-");
        Path socket = dir.resolve("qga.sock");
        List<String> resolved = command.stream()
                .map(arg -> arg.replace("{sock}", socket.toString()).replace("{dir}", dir.toString()))
                .toList();
        ProcessBuilder builder = new ProcessBuilder(resolved).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .redirectError(dir.resolve("stderr.log").toFile());
        builder.environment().put("JGA_NO_BUILD", "1");
        if (!javaOpts.isEmpty()) {
            builder.environment().put("JGA_JAVA_OPTS", javaOpts);
        }
        long t0 = System.nanoTime();
        Process process = builder.start();
        Duration first = awaitFirstReply(process, socket, t0);
        return new AgentProcess(name, process, dir, socket, first);
    }

    private static Duration awaitFirstReply(Process process, Path socket, long t0)
            throws IOException, InterruptedException {
        long deadline = t0 + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("agent exited with status " + process.exitValue() + " before answering");
            }
            if (Files.exists(socket)) {
                try (WireClient client = WireClient.connect(socket)) {
                    client.call("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":1}}");
                    return Duration.ofNanos(System.nanoTime() - t0);
                } catch (IOException notYet) {
                    // the socket file exists before listen(); try again
                }
            }
            Thread.sleep(0, 200_000);
        }
        throw new IOException("agent did not answer within 30 s");
    }

    String name() {
        return name;
    }

    Path socket() {
        return socket;
    }

    Path dir() {
        return dir;
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Duration startToFirstReply() {
        return startToFirstReply;
    }

    /** Resident set size in kB, from /proc/PID/status. */
    long rssKb() throws IOException {
        return statusKb("VmRSS");
    }

    /** A kB figure of /proc/PID/status, e.g. VmRSS, RssAnon, VmHWM. */
    long statusKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no " + field + " for " + pid());
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(10));
    }

    /** SIGTERM, then SIGKILL if the agent has not exited within {@code grace}. */
    void stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
