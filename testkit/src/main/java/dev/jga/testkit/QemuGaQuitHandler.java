// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a test must allow for when it stops qemu-ga (7.2 and 10.0 alike) with SIGTERM. Its handler,
 * qga/main.c quit_handler, calls g_debug and g_main_loop_quit (through stop_agent in 10.0), which
 * are not async-signal-safe (signal-safety(7)): a SIGTERM that lands while the main thread holds a
 * lock they take (malloc's, GLib's message lock, the main context's) deadlocks qemu-ga inside the
 * handler, and one that lands before g_main_loop_run is dropped, as g_main_loop_is_running is still
 * false. So a test signals a qemu-ga that has answered once (its loop runs) and that sleeps in
 * poll(2) (it holds none of those locks), and it tells that deadlock apart from an agent that
 * ignores SIGTERM. The state is read from /proc/PID/task/PID (proc(5): wchan, status), the main
 * thread's.
 */
final class QemuGaQuitHandler {

    /** SIGTERM's bit in a /proc signal mask (signal 15). */
    private static final long SIGTERM_BIT = 1L << 14;
    private static final Duration POLL = Duration.ofMillis(10);

    private QemuGaQuitHandler() {}

    /** Waits, at most {@code timeout}, until qemu-ga's main thread sleeps in poll(2). */
    static void awaitIdle(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !wchan(pid).orElse("poll").contains("poll")) {
            AgentUnderTest.sleep(POLL);
        }
    }

    /**
     * Whether qemu-ga's main thread waits on a lock with SIGTERM blocked: inside its SIGTERM
     * handler (the kernel blocks the signal while its handler runs), which will never return.
     */
    static boolean deadlockedInHandler(long pid) {
        return wchan(pid).orElse("").contains("futex") && (blockedSignals(pid) & SIGTERM_BIT) != 0;
    }

    private static Optional<String> wchan(long pid) {
        try {
            return Optional.of(Files.readString(mainThread(pid).resolve("wchan")));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    private static long blockedSignals(long pid) {
        try {
            for (String line : Files.readAllLines(mainThread(pid).resolve("status"))) {
                if (line.startsWith("SigBlk:")) {
                    return Long.parseUnsignedLong(line.substring("SigBlk:".length()).strip(), 16);
                }
            }
        } catch (IOException gone) {
            // no such process any more: nothing is blocked
        }
        return 0;
    }

    private static Path mainThread(long pid) {
        return Path.of("/proc", Long.toString(pid), "task", Long.toString(pid));
    }
}
