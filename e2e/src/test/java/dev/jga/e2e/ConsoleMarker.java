// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Notes when a text first appears on the guest's console (the serial log file), as seen from the
 * host: guest timestamps are useless here (busybox date has whole seconds, the agent logs wall
 * time, init logs uptime), host time is comparable with the other host-side measurements.
 */
final class ConsoleMarker {

    /** How often the log is scanned; the measurement's resolution. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final Path log;
    private final String marker;
    private final long start = System.nanoTime();
    private final Thread watcher;
    private volatile long seenAt = -1;

    private ConsoleMarker(Path log, String marker) {
        this.log = log;
        this.marker = marker;
        this.watcher = Thread.ofVirtual().name("console-marker").unstarted(this::poll);
    }

    /** Starts watching {@code log} for {@code marker} now; {@link #stop()} ends it. */
    static ConsoleMarker watch(Path log, String marker) {
        ConsoleMarker watch = new ConsoleMarker(log, marker);
        watch.watcher.start();
        return watch;
    }

    /** How long after {@link #watch} the marker appeared; empty if it did not (yet). */
    Optional<Duration> seenAfter() {
        long at = seenAt;
        return at < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(at - start));
    }

    String marker() {
        return marker;
    }

    void stop() {
        watcher.interrupt();
    }

    private void poll() {
        try {
            while (seenAt < 0) {
                if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(marker)) {
                    seenAt = System.nanoTime();
                    return;
                }
                Thread.sleep(POLL_INTERVAL);
            }
        } catch (IOException | InterruptedException stopped) {
            // stop() or an unreadable log: nothing seen
        }
    }
}
