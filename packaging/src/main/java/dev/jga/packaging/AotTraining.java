// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.packaging;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training run that builds the package's AOT cache (JDK 25, JEP 483/514/515). It starts the
 * agent exactly as {@code /usr/sbin/jga-agent} does — the shipped runtime, the shipped jars in the
 * shipped order, the flags of {@code jvm.options} — plus {@code -XX:AOTCacheOutput}, drives the
 * start-up path a host drives (sync handshake, guest-info, guest-file-*, guest-exec when present,
 * error replies, a second connection), then stops it with SIGTERM, on which the JVM writes the
 * cache. A cache only helps if training loaded the classes and linked the method handles (FFM
 * downcalls) that a real start needs; one that was built with other flags or jars is ignored.
 *
 * <p>Runs as a single-file program on the build JDK, so {@code packaging/build-deb.sh} needs no
 * Maven: {@code java AotTraining.java --java RUNTIME/bin/java --options jvm.options --classpath CP
 * --main CLASS --output jga-agent.aot --work DIR}.
 */
public final class AotTraining {

    /** How long the agent may take to open its socket (a cold JVM on a loaded machine). */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** How long the JVM may take to assemble the cache after SIGTERM (a child JVM does it). */
    private static final Duration DUMP_TIMEOUT = Duration.ofSeconds(300);

    private static final Pattern HANDLE = Pattern.compile("\\{\"return\": (\\d+)\\}");
    private static final Pattern PID = Pattern.compile("\"pid\": (\\d+)");

    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Files.createDirectories(options.work());
        Path log = options.work().resolve("training.log");
        Process agent = start(options, log);
        try {
            Path socket = options.work().resolve("qga.sock");
            awaitSocket(agent, socket, log);
            exercise(socket, options.work());
            exercise(socket, options.work());
        } catch (IOException | RuntimeException e) {
            agent.destroyForcibly();
            throw new IOException(e.getMessage() + "\n--- agent output (" + log + ") ---\n" + Files.readString(log), e);
        }
        agent.destroy();
        if (!agent.waitFor(DUMP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            agent.destroyForcibly();
            throw new IOException("the training JVM did not write its AOT cache within " + DUMP_TIMEOUT);
        }
        if (!Files.isRegularFile(options.output())) {
            throw new IOException("no AOT cache at " + options.output() + "\n" + Files.readString(log));
        }
        System.out.printf("AOT cache %s: %,d bytes%n", options.output(), Files.size(options.output()));
    }

    record Options(Path java, Path jvmOptions, String classpath, String main, Path output, Path work) {
        static Options parse(String[] args) {
            Path java = null;
            Path jvmOptions = null;
            String classpath = null;
            String main = null;
            Path output = null;
            Path work = null;
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--java" -> java = Path.of(args[i + 1]);
                    case "--options" -> jvmOptions = Path.of(args[i + 1]);
                    case "--classpath" -> classpath = args[i + 1];
                    case "--main" -> main = args[i + 1];
                    case "--output" -> output = Path.of(args[i + 1]).toAbsolutePath();
                    case "--work" -> work = Path.of(args[i + 1]).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (java == null || jvmOptions == null || classpath == null || main == null || output == null || work == null) {
                throw new IllegalArgumentException(
                        "usage: AotTraining --java JAVA --options JVM_OPTIONS --classpath CP --main CLASS --output AOT --work DIR");
            }
            return new Options(java, jvmOptions, classpath, main, output, work);
        }
    }

    private static Process start(Options options, Path log) throws IOException {
        Files.deleteIfExists(options.output());
        Path state = Files.createDirectories(options.work().resolve("state"));
        // The state file a previous start leaves (qga.state, fd_counter): an installed agent reads
        // it at every start but the first, so training reads one too and its classes are cached.
        Files.writeString(state.resolve("qga.state"), "[global]\nfd_counter=1000\n");
        // An empty configuration file: the build machine's /etc/qemu/qemu-ga.conf must not steer training.
        Path config = Files.writeString(options.work().resolve("qemu-ga.conf"), "[general]\n");
        List<String> command = new ArrayList<>(List.of(options.java().toString(), "@" + options.jvmOptions(),
                "-XX:AOTCacheOutput=" + options.output(), "-cp", options.classpath(), options.main(),
                "-c", config.toString(), "-m", "unix-listen", "-p", options.work().resolve("qga.sock").toString(),
                "-t", state.toString(), "-f", options.work().resolve("qga.pid").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(options.work().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        return builder.start();
    }

    private static void awaitSocket(Process agent, Path socket, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!agent.isAlive()) {
                throw new IOException("the agent exited with status " + agent.exitValue() + " during training");
            }
            if (Files.exists(socket)) {
                try {
                    SocketChannel.open(UnixDomainSocketAddress.of(socket)).close();
                    return;
                } catch (IOException notListeningYet) {
                    // the socket file exists a moment before listen()
                }
            }
            Thread.sleep(20);
        }
        throw new IOException("the agent did not listen on " + socket + " within " + START_TIMEOUT);
    }

    /** One host session: what libvirt and qemu-ga-client send first, files, exec, and errors. */
    private static void exercise(Path socket, Path work) throws IOException, InterruptedException {
        Path sample = work.resolve("sample.bin");
        byte[] data = new byte[256 * 1024];
        new Random(1).nextBytes(data);
        Files.write(sample, data);
        try (Wire wire = new Wire(SocketChannel.open(UnixDomainSocketAddress.of(socket)))) {
            wire.call("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":123456}}");
            wire.call("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":42}}");
            wire.call("{\"execute\":\"guest-ping\"}");
            String info = wire.call("{\"execute\":\"guest-info\"}");
            String read = wire.call("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"" + sample + "\"}}");
            String handle = group(HANDLE, read);
            for (int i = 0; i < 6; i++) {
                wire.call("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle + ",\"count\":65536}}");
            }
            wire.call("{\"execute\":\"guest-file-seek\",\"arguments\":{\"handle\":" + handle + ",\"offset\":0,\"whence\":\"set\"}}");
            wire.call("{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + handle + "}}");
            String write = wire.call("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"" + work.resolve("out.bin")
                    + "\",\"mode\":\"w\"}}");
            String out = group(HANDLE, write);
            wire.call("{\"execute\":\"guest-file-write\",\"arguments\":{\"handle\":" + out + ",\"buf-b64\":\""
                    + Base64.getEncoder().encodeToString(data) + "\"}}");
            wire.call("{\"execute\":\"guest-file-flush\",\"arguments\":{\"handle\":" + out + "}}");
            wire.call("{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + out + "}}");
            if (info.contains("\"name\": \"guest-exec\", \"enabled\": true")) {
                exec(wire, "{\"path\":\"/bin/echo\",\"arg\":[\"trained\"],\"capture-output\":true}");
                exec(wire, "{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"exit 3\"]}");
            }
            // error replies: unknown command, missing and wrong arguments, bad JSON, bad handle
            wire.call("{\"execute\":\"guest-no-such-command\"}");
            wire.call("{\"execute\":\"guest-file-open\",\"arguments\":{}}");
            wire.call("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":\"x\"}}");
            wire.call("{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":999999}}");
            wire.call("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"/nonexistent/jga\"}}");
            wire.call("{\"execute\": 1}");
            wire.call("[1, 2, {\"a\": null, \"b\": -1.5e3, \"c\": \"\\u00e9\\n\"}]");
        }
    }

    private static void exec(Wire wire, String arguments) throws IOException, InterruptedException {
        String pid = group(PID, wire.call("{\"execute\":\"guest-exec\",\"arguments\":" + arguments + "}"));
        for (int i = 0; i < 500; i++) {
            if (wire.call("{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}")
                    .contains("\"exited\": true")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IOException("guest-exec " + arguments + " did not exit");
    }

    private static String group(Pattern pattern, String reply) throws IOException {
        Matcher m = pattern.matcher(reply);
        if (!m.find()) {
            throw new IOException("unexpected reply: " + reply);
        }
        return m.group(1);
    }

    /** Newline-framed requests and replies; 0xFF delimiters (guest-sync-delimited) are skipped. */
    private static final class Wire implements AutoCloseable {
        private final SocketChannel channel;
        private final InputStream in;

        Wire(SocketChannel channel) {
            this.channel = channel;
            this.in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
        }

        String call(String request) throws IOException {
            ByteBuffer out = ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("the agent closed the connection after " + request);
                }
                if (b != 0xFF) {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
