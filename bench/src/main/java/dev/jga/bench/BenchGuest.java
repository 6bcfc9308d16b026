// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The e2e guest ({@code e2e/vm/boot-guest.sh}: busybox, Debian's cloud kernel, TCG, one vCPU)
 * running one agent on its virtio-serial port. Both agents are measured in guests made the same
 * way, with the same tree under / (the package's), so they differ only in the agent started.
 */
final class BenchGuest implements AutoCloseable {

    /** The port's name in the guest, as libvirt names it. */
    static final String PORT = "/dev/virtio-ports/org.qemu.guest_agent.0";

    /** boot-guest.sh's own wait for the guest to launch the agent, plus building the initramfs. */
    private static final Duration BOOT_LIMIT = Duration.ofMinutes(6);

    /** The guest powers itself off after this long, so a killed bench cannot leave it running. */
    private static final Duration LIFETIME = Duration.ofMinutes(20);

    private static final String START_MARKER = "VMGUEST-AGENT-START";

    private final Path script;
    private final Path dir;
    private final long agentStartNanos;

    private BenchGuest(Path script, Path dir, long agentStartNanos) {
        this.script = script;
        this.dir = dir;
        this.agentStartNanos = agentStartNanos;
    }

    /**
     * Boots a guest with {@code root} copied to its / and {@code agentCommand} as its agent (not
     * restarted if it exits). Returns when the guest has launched the agent; the launch time is
     * taken when its console line appears, polled every few milliseconds.
     */
    static BenchGuest boot(Path script, Path root, String agentCommand, int memoryMb, Path dir)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve("boot.log");
        List<String> command = new ArrayList<>(List.of(script.toString(), "--no-install", "--root", root.toString(),
                "--agent-cmd", agentCommand, "--no-respawn", "--mem", Integer.toString(memoryMb),
                "--lifetime", Long.toString(LIFETIME.toSeconds()), "--dir", dir.toString()));
        Process boot = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        BenchGuest guest = new BenchGuest(script, dir, 0);
        Path serial = dir.resolve("serial.log");
        long deadline = System.nanoTime() + BOOT_LIMIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (Files.exists(serial) && Files.readString(serial, StandardCharsets.ISO_8859_1).contains(START_MARKER)) {
                    long seen = System.nanoTime();
                    if (!boot.waitFor(60, TimeUnit.SECONDS) || boot.exitValue() != 0) {
                        throw new IOException("boot-guest.sh failed: " + tail(log));
                    }
                    return new BenchGuest(script, dir, seen);
                }
                if (!boot.isAlive() && boot.exitValue() != 0) {
                    throw new IOException("boot-guest.sh failed (exit " + boot.exitValue() + "): " + tail(log));
                }
                Thread.sleep(5);
            }
            throw new IOException("the guest did not launch the agent within " + BOOT_LIMIT.toMinutes() + " min");
        } catch (IOException | InterruptedException | RuntimeException e) {
            boot.destroy();
            guest.close();
            throw e;
        }
    }

    /** The host side of the agent's port: a unix socket of QEMU's. */
    Path socket() {
        return dir.resolve("qga.sock");
    }

    /** {@link System#nanoTime()} when the guest's console said it launched the agent. */
    long agentStartNanos() {
        return agentStartNanos;
    }

    Path serialLog() {
        return dir.resolve("serial.log");
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(dir.resolve("qemu.pid"))) {
            return;
        }
        try {
            Process stop = new ProcessBuilder(script.toString(), "--stop", dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!stop.waitFor(30, TimeUnit.SECONDS)) {
                stop.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
