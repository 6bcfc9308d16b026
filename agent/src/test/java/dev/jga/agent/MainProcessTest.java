// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jga.agent.testplatform.TestPlatformProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java dev.jga.agent.Main} as a process: exit statuses, stdout and stderr, signals, the
 * pidfile and -d. The agent module has no OS platform, so serving runs on
 * {@link TestPlatformProvider} (unix-listen only), switched on per JVM.
 */
class MainProcessTest {

    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<Long> started = new ArrayList<>();

    record Result(int status, String out, String err) {}

    @AfterEach
    void killLeftovers() {
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private ProcessBuilder agent(boolean platform, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        if (platform) {
            command.add("-D" + TestPlatformProvider.PROPERTY + "=true");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("QGA_CONF", dir.resolve("no-such.conf").toString());
        return builder;
    }

    private Result run(ProcessBuilder builder) throws Exception {
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        started.add(process.pid());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Result run(String... args) throws Exception {
        return run(agent(false, args));
    }

    @Test
    void helpDocumentsEveryOptionAndExitsZero() throws Exception {
        Result result = run("--help");
        assertThat(result.status()).isZero();
        assertThat(result.err()).isEmpty();
        for (String option : List.of("--config", "--method", "--path", "--logfile", "--pidfile", "--fsfreeze-hook",
                "--statedir", "--verbose", "--version", "--daemonize", "--block-rpcs", "--allow-rpcs", "--dump-conf",
                "--retry-path", "--help", "QGA_CONF", "Exit status", "SIGTERM", "Differences from qemu-ga")) {
            assertThat(result.out()).contains(option);
        }
        assertThat(result.out().lines()).allMatch(line -> line.length() <= 80);
    }

    @Test
    void versionPrintsQemusLineThenJgas() throws Exception {
        Result result = run("-V");
        Version version = Version.current();
        assertThat(result.status()).isZero();
        assertThat(result.out()).startsWith("QEMU Guest Agent " + version.qemu() + "\njga " + version.jga() + " (Java ");
    }

    @Test
    void dumpOfUpstreamsTestConfigHasEmptyStderr() throws Exception {
        // qemu's /qga/config: QGA_CONF=tests/data/test-qga-config qemu-ga -D
        Path config = Files.writeString(dir.resolve("test-qga-config"), """
                [general]
                daemon=false
                method=virtio-serial
                path=/path/to/org.qemu.guest_agent.0
                pidfile=/var/foo/qemu-ga.pid
                statedir=/var/state
                verbose=true
                block-rpcs=guest-ping;guest-get-time
                """);
        ProcessBuilder builder = agent(false, "-D");
        builder.environment().put("QGA_CONF", config.toString());
        Result result = run(builder);
        assertThat(result).isEqualTo(new Result(0, """
                [general]
                daemon=false
                method=virtio-serial
                path=/path/to/org.qemu.guest_agent.0
                pidfile=/var/foo/qemu-ga.pid
                statedir=/var/state
                verbose=true
                retry-path=false
                block-rpcs=guest-ping;guest-get-time
                allow-rpcs=
                """, ""));
    }

    @Test
    void unknownOptionExitsOneWithGlibcsMessageAndAHint() throws Exception {
        assertThat(run("-D", "-x")).isEqualTo(new Result(1, "",
                "jga-agent: invalid option -- 'x'\nTry 'jga-agent --help' for more information.\n"));
        assertThat(run("--blacklist=guest-ping").err()).startsWith("jga-agent: unrecognized option '--blacklist=guest-ping'\n");
    }

    @Test
    void configurationErrorsExitOne() throws Exception {
        assertThat(run("-m", "unix-listen")).isEqualTo(new Result(1, "", "jga-agent: must specify a path for this channel\n"));
        assertThat(run("-m", "serial", "-p", "x")).isEqualTo(new Result(1, "",
                "jga-agent: unsupported channel method/type: serial\n"));
        assertThat(run("-c", dir.resolve("missing.conf").toString()).err()).isEqualTo(
                "jga-agent: error loading configuration from path: " + dir.resolve("missing.conf")
                        + ", No such file or directory\n");
    }

    @Test
    void blockRpcsHelpListsTheCommands() throws Exception {
        Result result = run("--block-rpcs=help");
        assertThat(result.status()).isZero();
        assertThat(result.out().lines()).contains("guest-ping", "guest-sync-delimited", "guest-file-open");
    }

    @Test
    void withoutAPlatformTheAgentSaysSoAndExitsTwo() throws Exception {
        Result result = run("-m", "unix-listen", "-p", "sock", "-t", dir.toString());
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).startsWith("jga-agent: no platform support for this operating system (");
    }

    @Test
    void sigtermEndsAServingAgentWithStatusZeroAndRemovesThePidfile() throws Exception {
        Path socket = dir.resolve("sock");
        Path pidfile = dir.resolve("agent.pid");
        Path log = dir.resolve("agent.log");
        Process process = agent(true, "-m", "unix-listen", "-p", socket.toString(), "-t", dir.toString(),
                "-f", pidfile.toString(), "-l", log.toString(), "-v")
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();
        started.add(process.pid());
        // the socket file appears at bind(), a moment before listen(): connect until one is accepted
        await().atMost(START).ignoreExceptions().until(() -> ping(socket).contains("\"return\""));
        assertThat(Files.readString(pidfile)).isEqualTo(process.pid() + "\n");
        assertThat(Files.readString(log)).containsPattern("\\d+\\.\\d{6}: info: jga .* starting on unix-listen " + socket);

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(pidfile).doesNotExist();
        assertThat(socket).doesNotExist();
        assertThat(Files.readString(dir.resolve("stderr"))).isEmpty();
    }

    @Test
    void daemonizeReturnsOnceServingAndASecondDaemonReportsTheLockedPidfile() throws Exception {
        // relative paths: the daemon runs in /, so the parent must make them absolute
        Result parent = run(agent(true, "-d", "-m", "unix-listen", "-p", "sock", "-t", ".", "-f", "agent.pid"));
        assertThat(parent).isEqualTo(new Result(0, "", ""));
        Path pidfile = dir.resolve("agent.pid");
        long daemon = Long.parseLong(Files.readString(pidfile).strip());
        started.add(daemon);
        ProcessHandle handle = ProcessHandle.of(daemon).orElseThrow();
        assertThat(ping(dir.resolve("sock"))).contains("\"return\"");

        Result second = run(agent(true, "-d", "-m", "unix-listen", "-p", "sock2", "-t", ".", "-f", "agent.pid"));
        assertThat(second.status()).isEqualTo(2);
        assertThat(second.err()).startsWith("jga-agent: Cannot lock pid file: Resource temporarily unavailable");

        handle.destroy(); // SIGTERM
        handle.onExit().get(30, TimeUnit.SECONDS);
        assertThat(pidfile).doesNotExist();
    }

    @Test
    void sigintAlsoExitsZero() throws Exception {
        Path socket = dir.resolve("sock");
        Process process = agent(true, "-m", "unix-listen", "-p", socket.toString(), "-t", dir.toString()).start();
        started.add(process.pid());
        await().atMost(START).until(() -> Files.exists(socket));
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void anAgentThatStartsFrozenKeepsServingThroughSigterm() throws Exception {
        Path socket = dir.resolve("sock");
        Files.createFile(dir.resolve("qga.state.isfrozen"));
        Process process = agent(true, "-m", "unix-listen", "-p", socket.toString(), "-t", dir.toString(),
                "-f", dir.resolve("pid").toString()).redirectError(dir.resolve("stderr").toFile()).start();
        started.add(process.pid());
        await().atMost(START).until(() -> Files.exists(socket));
        assertThat(Files.readString(dir.resolve("stderr"))).contains("previous instance appears to have exited with frozen filesystems");
        assertThat(dir.resolve("pid")).doesNotExist(); // deferred until the thaw

        process.destroy(); // SIGTERM: ignored while frozen, as qemu-ga does
        assertThat(process.waitFor(2, TimeUnit.SECONDS)).isFalse();
        assertThat(ping(socket)).contains("\"return\"");
        String exec = request(socket, "{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"x\"}}");
        assertThat(exec).contains("CommandNotFound").contains("has been disabled");
    }

    @Test
    void theDaemonRunsInItsOwnSessionInTheRootDirectoryWithUmask077() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        Result parent = run(agent(true, "-d", "-m", "unix-listen", "-p", "sock", "-t", ".", "-f", "agent.pid"));
        assertThat(parent.status()).isZero();
        long daemon = Long.parseLong(Files.readString(dir.resolve("agent.pid")).strip());
        started.add(daemon);
        Path proc = Path.of("/proc", Long.toString(daemon));
        String stat = Files.readString(proc.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(Long.parseLong(fields[3])).as("session id").isEqualTo(daemon);
        assertThat(Files.readSymbolicLink(proc.resolve("cwd"))).isEqualTo(Path.of("/"));
        assertThat(Files.readAllLines(proc.resolve("status"))).contains("Umask:\t0077");
        ProcessHandle.of(daemon).orElseThrow().destroy();
    }

    @Test
    void daemonizeReportsAChannelThatCannotOpen() throws Exception {
        Result result = run(agent(true, "-d", "-m", "unix-listen", "-p", dir.resolve("no/such/dir/sock").toString(),
                "-t", dir.toString(), "-f", dir.resolve("pid").toString()));
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("cannot open the channel (unix-listen " + dir.resolve("no/such/dir/sock"));
        assertThat(dir.resolve("pid")).doesNotExist();
    }

    private static String ping(Path socket) throws IOException {
        return request(socket, "{\"execute\":\"guest-ping\"}");
    }

    private static String request(Path socket, String json) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
            return new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))
                    .readLine();
        }
    }

}
