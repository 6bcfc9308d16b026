// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start one agent: its command line, with {@value #SOCKET} and {@value #DIR} standing for
 * the unix socket and the private directory {@link AgentUnderTest} gives every run, and extra
 * environment variables. The agents are started the way qemu's own test-qga.c starts qemu-ga:
 * {@code -m unix-listen -p DIR/sock -t DIR}.
 *
 * @param name for messages: {@code jga}, {@code qemu-ga}, a benchmark contender's name
 * @param template the command line, placeholders unreplaced
 * @param env added to the inherited environment
 */
public record AgentCommand(String name, List<String> template, Map<String, String> env) {

    /** Placeholder for the socket path. */
    public static final String SOCKET = "{sock}";
    /** Placeholder for the private directory (state directory and working directory). */
    public static final String DIR = "{dir}";
    /** The oracle binary (Debian package qemu-guest-agent). */
    public static final Path QEMU_GA = Path.of("/usr/sbin/qemu-ga");
    /** The class {@code bin/jga-agent} and the package run. */
    public static final String JGA_MAIN = "dev.jga.platform.linux.LinuxAgentMain";

    private static final List<String> LISTEN = List.of("-m", "unix-listen", "-p", SOCKET, "-t", DIR);

    public AgentCommand {
        template = List.copyOf(template);
        env = Map.copyOf(env);
    }

    /** The agent {@code target} names: jga through {@code bin/jga-agent}, or qemu-ga. */
    public static AgentCommand of(Target target) {
        return switch (target) {
            case QEMU_GA -> qemuGa();
            case QEMU_GA_10 -> qemuGa10();
            case JGA -> jgaScript();
        };
    }

    /** Debian 13's qemu-ga 10.0 in the bin/oracle-10 chroot ({@link ChrootQemuGa}), with a private pidfile. */
    public static AgentCommand qemuGa10() {
        List<String> arguments = new ArrayList<>(LISTEN);
        arguments.addAll(List.of("-f", DIR + "/pid"));
        return new AgentCommand(Target.QEMU_GA_10.toString(), ChrootQemuGa.command(DIR, arguments), Map.of());
    }

    /**
     * The installed qemu-ga. Without {@code -f}, qemu-ga locks the system pidfile; a private one
     * keeps runs independent.
     */
    public static AgentCommand qemuGa() {
        List<String> command = new ArrayList<>(List.of(QEMU_GA.toString()));
        command.addAll(LISTEN);
        command.addAll(List.of("-f", DIR + "/pid"));
        return new AgentCommand(Target.QEMU_GA.toString(), command, Map.of());
    }

    /** jga as users start it from a checkout: {@code bin/jga-agent} of {@link #repositoryRoot()}. */
    public static AgentCommand jgaScript() {
        List<String> command = new ArrayList<>(List.of(repositoryRoot().resolve("bin/jga-agent").toString()));
        command.addAll(LISTEN);
        return new AgentCommand(Target.JGA.toString(), command, Map.of("JGA_NO_BUILD", "1"));
    }

    /**
     * jga from the calling JVM's class path: for a module's tests, which run before the
     * distribution is assembled and must test the reactor's fresh classes.
     */
    public static AgentCommand jgaOnClassPath() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), JGA_MAIN));
        command.addAll(LISTEN);
        return new AgentCommand(Target.JGA.toString(), command, Map.of());
    }

    /** This command with {@code args} appended. */
    public AgentCommand withArgs(List<String> args) {
        List<String> command = new ArrayList<>(template);
        command.addAll(args);
        return new AgentCommand(name, command, env);
    }

    /** This command with {@code more} environment variables. */
    public AgentCommand withEnv(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.putAll(more);
        return new AgentCommand(name, template, merged);
    }

    /** Whether this is a qemu-ga oracle (tests compare against it, or allow for its known bugs). */
    public boolean isQemuGa() {
        return name.equals(Target.QEMU_GA.toString()) || name.equals(Target.QEMU_GA_10.toString());
    }

    /** The command line with the placeholders replaced. */
    List<String> resolve(Path socket, Path dir) {
        return template.stream()
                .map(arg -> arg.replace(SOCKET, socket.toString()).replace(DIR, dir.toString()))
                .toList();
    }

    /** System property naming the repository root (where {@code bin/jga-agent} is). */
    public static final String REPO_PROPERTY = "conformance.repo";

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
}
