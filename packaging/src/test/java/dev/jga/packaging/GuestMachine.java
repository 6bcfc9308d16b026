// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Debian 12 guest with systemd under QEMU (TCG), driven through {@code packaging/e2e/guest.sh}:
 * its disk image holds the given .debs in {@code /srv/debs}, and its sockets are the agent's port
 * ({@link #qga}), the test shell's port ({@link #shell}) and QMP ({@link #qmp}).
 */
final class GuestMachine implements AutoCloseable {

    /** A cold cache runs debootstrap and downloads the kernel: minutes, not hours. */
    static final Duration PREPARE_TIMEOUT = Duration.ofMinutes(20);

    private final Path script;
    private final Path run;
    private final Map<String, String> sockets;

    private final Path image;

    private GuestMachine(Path script, Path run, Path image, Map<String, String> sockets) {
        this.script = script;
        this.run = run;
        this.image = image;
        this.sockets = sockets;
    }

    /** Builds (or reuses from {@code cache}) everything and starts QEMU; returns once it runs. */
    static GuestMachine boot(Path script, Path cache, Path work, List<Path> debs) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path image = work.resolve("disk.img");
        List<String> imageCommand = new ArrayList<>(List.of(script.toString(), "image", cache.toString()));
        debs.forEach(deb -> imageCommand.add(deb.toString()));
        imageCommand.add(image.toString());
        run(imageCommand, work.resolve("image.log"), PREPARE_TIMEOUT);
        Path run = work.resolve("run");
        String out = run(List.of(script.toString(), "boot", cache.toString(), image.toString(), run.toString()),
                work.resolve("boot.log"), Duration.ofMinutes(5));
        Map<String, String> values = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new GuestMachine(script, run, image, values);
    }

    Path qga() {
        return Path.of(sockets.get("QGA"));
    }

    Path shell() {
        return Path.of(sockets.get("SHELL"));
    }

    Path qmp() {
        return Path.of(sockets.get("QMP"));
    }

    /** The last lines of the guest's console (kernel, systemd, the journal), for failure messages. */
    String consoleTail(int lines) {
        try {
            List<String> all = Files.readAllLines(Path.of(sockets.get("SERIAL")), StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no console log: " + e + ")";
        }
    }

    private static String run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command + " took longer than " + timeout + "; log: " + log);
        }
        if (process.exitValue() != 0) {
            throw new IOException(command + " failed (" + process.exitValue() + "):\n" + Files.readString(log));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        try {
            run(List.of(script.toString(), "stop", run.toString()), run.resolve("stop.log"), Duration.ofSeconds(30));
            Files.deleteIfExists(image); // ~0.5 GB of disk; the logs stay in the run directory
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the guest", e);
        }
    }
}
