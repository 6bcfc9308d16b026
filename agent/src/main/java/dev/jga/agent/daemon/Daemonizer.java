// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.daemon;

import dev.jga.agent.config.AgentConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code -d} for a process that cannot fork. qemu-ga forks, and the child calls setsid, sets
 * umask 077, changes to {@code /} and points stdio at /dev/null (qga/main.c become_daemon). A
 * JVM cannot fork, so the parent starts a fresh JVM on the same java, JVM options and class path
 * through {@code /bin/sh -c 'umask 077 && exec setsid java ...'} with cwd {@code /} and stdio on
 * /dev/null, and talks to it over a private unix socket ({@link DaemonChild} is the other end):
 * it sends the effective configuration, with relative paths made absolute since the child runs
 * in {@code /}, and relays the child's messages to stderr until the child says it is ready (it
 * has locked the pidfile and opened the channel) or dies. As with qemu 9.x, where the channel
 * is opened before forking, a daemon that cannot start fails in the foreground with its error.
 */
public final class Daemonizer {

    /** The option that marks the started copy; never typed by users, visible in {@code ps}. */
    public static final String CHILD_OPTION = "--jga-daemon-child=";
    /**
     * How long the parent waits for the copy to report (2 minutes): a JVM starts in well under
     * a second on real hardware, but an emulated guest without KVM can take tens of seconds.
     */
    public static final long READY_TIMEOUT_SECONDS = 120;
    /** How long a copy that reported failure may take to exit before it is killed. */
    public static final long EXIT_WAIT_SECONDS = 10;
    /** util-linux setsid; without it the copy stays in this session (SIGHUP still exits it cleanly). */
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private Daemonizer() {}

    /**
     * Starts the daemon and waits for it.
     *
     * @param args the command line, passed on unchanged so {@code ps} shows what was asked
     * @return the status for this (the parent) process: 0 once the daemon is ready
     */
    public static int start(AgentConfig config, List<String> args, PrintStream err) throws IOException {
        Path dir = Files.createTempDirectory("jga-daemon"); // 0700
        Path socket = dir.resolve("status");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Process child = launch(socket, args);
            child.onExit().thenRun(() -> closeQuietly(server)); // a copy that dies unconnected ends accept()
            CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(
                    () -> handshake(server, absolute(config).dump(), err), runnable -> Thread.ofVirtual().start(runnable));
            return await(child, ready, err);
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    private static int await(Process child, CompletableFuture<Boolean> ready, PrintStream err) {
        try {
            if (ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return ExitCode.OK.status();
            }
            if (!child.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                return ExitCode.STARTUP.status();
            }
            int status = child.exitValue();
            return status == 0 ? ExitCode.STARTUP.status() : status;
        } catch (TimeoutException e) {
            child.destroyForcibly();
            err.println("the daemon did not report ready within " + READY_TIMEOUT_SECONDS + " s; stopped it");
            return ExitCode.STARTUP.status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.STARTUP.status();
        } catch (ExecutionException e) {
            err.println("cannot talk to the daemon: " + e.getCause().getMessage());
            child.destroyForcibly();
            return ExitCode.STARTUP.status();
        }
    }

    /** Sends the configuration, then relays messages; true once the copy reports ready. */
    private static boolean handshake(ServerSocketChannel server, String config, PrintStream err) {
        try (SocketChannel connection = server.accept()) {
            OutputStream out = Channels.newOutputStream(connection);
            out.write(config.getBytes(StandardCharsets.UTF_8));
            out.flush();
            connection.shutdownOutput();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(connection),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals(DaemonChild.READY)) {
                    return true;
                }
                if (line.startsWith(DaemonChild.MESSAGE)) {
                    err.println(line.substring(DaemonChild.MESSAGE.length()));
                }
            }
            return false;
        } catch (IOException e) {
            return false; // the copy died before connecting, or hung up: its exit status tells
        }
    }

    private static Process launch(Path socket, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "umask 077 && exec \"$@\"", "sh"));
        setsid().ifPresent(path -> command.add(path.toString()));
        command.addAll(javaCommand());
        command.add(CHILD_OPTION + socket);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Path.of("/").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // JDK_JAVA_OPTIONS stays in the environment: /proc/self/cmdline, which javaCommand()
        // copies, does not hold the options the launcher took from it.
        return builder.start();
    }

    /**
     * This JVM's java, options and class path, then the main class. The options come from the
     * process's own command line (ProcessHandle, i.e. /proc/self/cmdline) rather than
     * java.lang.management, so the agent's runtime needs no module beyond java.base.
     */
    static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions(ProcessHandle.current().info().arguments().map(List::of).orElse(List.of())));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(dev.jga.agent.Main.class.getName());
        return command;
    }

    /** The JVM options in a java command line: everything before the main class, less the class path. */
    static List<String> jvmOptions(List<String> arguments) {
        List<String> options = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (!argument.startsWith("-")) {
                break; // the main class
            }
            if (argument.equals("-cp") || argument.equals("-classpath") || argument.equals("--class-path")) {
                i++;
                continue;
            }
            options.add(argument);
        }
        return options;
    }

    private static Optional<Path> setsid() {
        return SETSID.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * The configuration with every file path made absolute against this process's working
     * directory, since the daemon runs in {@code /}. A vsock "path" is an address, not a file.
     */
    static AgentConfig absolute(AgentConfig config) {
        Optional<String> path = config.path();
        if (!config.method().equals("vsock-listen")) {
            path = path.map(value -> Path.of(value).toAbsolutePath().toString());
        }
        return new AgentConfig(config.daemonize(), config.method(), path,
                config.logfile().map(Path::toAbsolutePath), config.pidfile().toAbsolutePath(),
                config.fsfreezeHook().map(Path::toAbsolutePath), config.statedir().toAbsolutePath(),
                config.verbose(), config.retryPath(), config.blockRpcs(), config.allowRpcs(),
                config.execOutputGrace(), config.execRetention(), config.execAllow());
    }

    private static void closeQuietly(ServerSocketChannel server) {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
