// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running QEMU (TCG) guest booted by e2e/vm/boot-guest.sh, with the agent on its virtio-serial
 * port {@code org.qemu.guest_agent.0} whose host side is {@link #qgaSocket()}. Closing it stops QEMU;
 * a JVM shutdown hook and the guest's own lifetime limit stop it too if closing never happens.
 */
final class GuestVm implements AutoCloseable {

    /**
     * Longest a boot may take, setup included: a cold run downloads the kernel and debs and jlinks a
     * runtime (~15 s measured), a warm one boots in ~3 s; each step inside the script has its own timeout.
     */
    static final Duration BOOT_TIMEOUT = Duration.ofMinutes(5);

    /** How long the guest waits for its agent to be launched before the script gives up (--timeout). */
    static final Duration GUEST_START_TIMEOUT = Duration.ofSeconds(180);

    /**
     * The guest powers itself off after this long (--lifetime), so a VM whose test JVM was killed
     * (fork timeout, kill -9) does not keep a core busy.
     */
    static final Duration GUEST_LIFETIME = Duration.ofMinutes(20);

    /** Longest wait for QEMU to exit after SIGTERM before SIGKILL. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** Unix socket paths are limited to 108 bytes; boot-guest.sh refuses run directories of 90 or more. */
    private static final int MAX_RUN_DIR_LENGTH = 80;

    private final String agentName;
    private final Path runDir;
    private final Map<String, String> vars;
    private final long pid;
    private final Duration bootWall;
    private final Thread shutdownHook;
    private boolean stopped;

    private GuestVm(String agentName, Path runDir, Map<String, String> vars, Duration bootWall) {
        this.agentName = agentName;
        this.runDir = runDir;
        this.vars = Map.copyOf(vars);
        this.pid = Long.parseLong(required("VM_PID"));
        this.bootWall = bootWall;
        this.shutdownHook = new Thread(this::stop, "stop-vm-" + pid);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Boots a guest set up as {@code setup} running {@code agent}; logs and staged files go under {@code work}. */
    static GuestVm boot(ProjectLayout layout, GuestAgent agent, GuestSetup setup, Path work) throws IOException {
        Path runDir = runDirectory(work);
        List<String> command = new ArrayList<>(List.of("bash", layout.bootScript().toString(), "--no-install",
                "--dir", runDir.toString(), "--timeout", Long.toString(GUEST_START_TIMEOUT.toSeconds()),
                "--lifetime", Long.toString(GUEST_LIFETIME.toSeconds())));
        command.addAll(setup.bootOptions(layout));
        command.addAll(agent.bootOptions(layout, work));
        Path bootLog = work.resolve("boot.log");
        long start = System.nanoTime();
        Process script = new ProcessBuilder(command)
                .redirectError(bootLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        String out = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = waitFor(script, BOOT_TIMEOUT);
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        Map<String, String> vars = parseVars(out);
        if (rc != 0 || !vars.containsKey("VM_PID")) {
            vars.computeIfPresent("VM_PID", (k, v) -> { stopPid(Long.parseLong(v)); return v; });
            throw new IOException("boot-guest.sh failed (exit " + rc + ", " + agent.name() + "); its log "
                    + bootLog + " ends with:\n" + tail(bootLog, 40));
        }
        return new GuestVm(agent.name(), runDir, vars, wall);
    }

    String agentName() {
        return agentName;
    }

    /** The host side of the guest's org.qemu.guest_agent.0 port. */
    Path qgaSocket() {
        return Path.of(required("VM_QGA_SOCKET"));
    }

    /** The host side of the test's shell port (a guest booted with {@link GuestSetup#shell()}). */
    Path shellSocket() {
        return Path.of(required("VM_SHELL_SOCKET"));
    }

    /**
     * Whether QEMU has exited by itself within {@code timeout}: the guest powered off (with ACPI,
     * the kernel's power-off switches the machine off, and QEMU ends).
     */
    boolean awaitPowerOff(Duration timeout) throws InterruptedException {
        Optional<ProcessHandle> qemu = ProcessHandle.of(pid);
        if (qemu.isEmpty()) {
            return true;
        }
        try {
            qemu.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    Path serialLog() {
        return Path.of(required("VM_SERIAL_LOG"));
    }

    Path runDir() {
        return runDir;
    }

    /** From QEMU's start to the guest's init launching the agent (measured by boot-guest.sh). */
    String guestReadySeconds() {
        return required("VM_READY_SECONDS");
    }

    /** The whole boot-guest.sh run: initramfs assembly (and a cold cache's downloads) plus the boot. */
    Duration bootWall() {
        return bootWall;
    }

    /** How often the guest's init has seen the agent exit (it restarts it each time). */
    long agentExits() {
        try {
            return Files.readString(serialLog(), StandardCharsets.ISO_8859_1).lines()
                    .filter(line -> line.contains("VMGUEST-AGENT-EXIT")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The last {@code lines} lines of the guest's console: its init messages and the agent's log. */
    String serialTail(int lines) {
        return tail(serialLog(), lines);
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to do
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        stopPid(pid);
        for (String big : List.of("initramfs.img", "disk.img")) { // ~30 MB and the ext4 disk; the logs stay
            try {
                Files.deleteIfExists(runDir.resolve(big));
            } catch (IOException e) {
                System.err.println("[vm] could not delete " + runDir.resolve(big) + ": " + e);
            }
        }
    }

    /** SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT}; only if the pid still is a QEMU. */
    private static void stopPid(long pid) {
        Optional<ProcessHandle> qemu = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.contains("qemu-system")).orElse(false));
        qemu.ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception notYet) {
                p.destroyForcibly();
            }
        });
    }

    private static Path runDirectory(Path work) throws IOException {
        Path preferred = work.resolve("run");
        if (preferred.toString().length() < MAX_RUN_DIR_LENGTH) {
            return Files.createDirectories(preferred);
        }
        return Files.createTempDirectory("jga-vm-");
    }

    private static int waitFor(Process process, Duration timeout) throws IOException {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("boot-guest.sh did not finish within " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while booting the guest", e);
        }
    }

    private static Map<String, String> parseVars(String out) {
        Map<String, String> vars = new HashMap<>();
        out.lines().filter(l -> l.startsWith("VM_") && l.contains("="))
                .forEach(l -> vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return vars;
    }

    private String required(String name) {
        String value = vars.get(name);
        if (value == null) {
            throw new IllegalStateException("boot-guest.sh printed no " + name + ": " + vars);
        }
        return value;
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
