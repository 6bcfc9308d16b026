// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import dev.jga.protocol.json.JsonParser;
import java.time.Duration;

/**
 * What "nothing was lost" means after abuse (BRIEF: no crash, no hang, no leaked fd, bounded
 * memory): the agent is alive, answers a fresh client, is idle when nobody talks to it, holds the
 * same number of fds as before, and its resident memory is under the target's ceiling.
 */
public final class Health {

    /**
     * RSS ceiling for jga, in KiB: bin/jga-agent caps the heap at 512 MiB (-Xmx512m); metaspace
     * (48 MiB cap), code cache (24 MiB cap), thread stacks and GC structures add well under 128 MiB.
     * An agent that buffered a flood of replies instead of applying backpressure would hit the heap
     * cap (and fail) long before; one that leaks native memory would pass this line.
     */
    public static final long JGA_RSS_CEILING_KIB = 640 * 1024;
    /**
     * RSS ceiling for qemu-ga, in KiB: it holds at most one message (64 MiB of token text, plus the
     * lexer's copy while the token grows) and one reply at a time; glib returns such large blocks
     * to the OS when freed.
     */
    public static final long QEMU_GA_RSS_CEILING_KIB = 256 * 1024;
    /** The idle window over which CPU time is measured. */
    public static final Duration IDLE_WINDOW = Duration.ofMillis(1500);
    /**
     * CPU ticks (1/100 s) allowed in {@link #IDLE_WINDOW}: a spinning thread burns ~150; 15 leaves
     * room for a GC or JIT tail on a shared, noisy machine.
     */
    public static final long IDLE_TICKS_MAX = 15;
    /**
     * Threads an agent may have gained since it was last well: lazily started JIT/GC helpers and a
     * virtual-thread carrier per core. A thread per abandoned connection would exceed it at once.
     */
    public static final int EXTRA_THREADS_MAX = 8;
    /** How long closed connections and handles may take to release their fds. */
    public static final Duration FD_SETTLE = Duration.ofSeconds(10);

    private Health() {}

    /** Asserts the agent is well; {@code before} was taken when it was last known well. */
    public static void assertHealthy(AgentUnderTest agent, ProcStats before) {
        if (!agent.isAlive()) {
            throw new AssertionError(agent.target() + " died" + stderr(agent));
        }
        try (WireClient client = agent.connect()) {
            if (!client.request("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":31337}}")
                    .equals(JsonParser.parse("{\"return\": 31337}"))) {
                throw new AssertionError("guest-sync on a fresh client gave a wrong reply");
            }
        }
        assertFdsSettle(agent, before);
        assertIdle(agent);
        assertRssBounded(agent);
        assertThreadsBounded(agent, before);
    }

    /** No more than {@link #EXTRA_THREADS_MAX} threads more than {@code before}. */
    public static void assertThreadsBounded(AgentUnderTest agent, ProcStats before) {
        int now = agent.stats().threads();
        if (now > before.threads() + EXTRA_THREADS_MAX) {
            throw new AssertionError(agent.target() + " has " + now + " threads, " + before.threads() + " before"
                    + stderr(agent));
        }
    }

    /** The fd count returns to {@code before} within {@link #FD_SETTLE}. */
    public static void assertFdsSettle(AgentUnderTest agent, ProcStats before) {
        long deadline = System.nanoTime() + FD_SETTLE.toNanos();
        int now = agent.stats().openFds();
        while (now != before.openFds() && System.nanoTime() < deadline) {
            AgentUnderTest.sleep(Duration.ofMillis(100));
            now = agent.stats().openFds();
        }
        if (now != before.openFds()) {
            throw new AssertionError(agent.target() + " has " + now + " fds open, " + before.openFds() + " before"
                    + stderr(agent));
        }
    }

    /** Less than {@link #IDLE_TICKS_MAX} CPU ticks over {@link #IDLE_WINDOW} with no client. */
    public static void assertIdle(AgentUnderTest agent) {
        long start = agent.stats().cpuTicks();
        AgentUnderTest.sleep(IDLE_WINDOW);
        long used = agent.stats().cpuTicks() - start;
        if (used > IDLE_TICKS_MAX) {
            throw new AssertionError(agent.target() + " used " + used * 10 + " ms of CPU in an idle "
                    + IDLE_WINDOW.toMillis() + " ms window (spinning?)" + stderr(agent));
        }
    }

    /** RSS under the target's ceiling. */
    public static void assertRssBounded(AgentUnderTest agent) {
        long rss = agent.stats().rssKib();
        long ceiling = rssCeilingKib(agent.target());
        if (rss > ceiling) {
            throw new AssertionError(agent.target() + " RSS " + rss / 1024 + " MiB exceeds " + ceiling / 1024 + " MiB"
                    + stderr(agent));
        }
    }

    public static long rssCeilingKib(Target target) {
        return target.isQemuGa() ? QEMU_GA_RSS_CEILING_KIB : JGA_RSS_CEILING_KIB;
    }

    private static String stderr(AgentUnderTest agent) {
        String text = agent.stderr();
        return text.isBlank() ? "" : "\n--- stderr ---\n" + text;
    }
}
