// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import dev.jga.bench.SideBySide.Row;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.ProcStats;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The read-only commands a management host polls every few seconds (KubeVirt's guest-info
 * poller, Proxmox's status page, libvirt's {@code guestinfo}): for each, the calls per second
 * on one connection and the agent's CPU time per call, read from {@code /proc/PID/stat} before
 * and after. The agents take turns within each round and swap order from one round to the
 * next, so neither always runs on a machine the other has just warmed or loaded.
 */
final class PolledCommands {

    /** The commands, in the order printed. */
    static final List<String> COMMANDS = List.of("guest-get-osinfo", "guest-get-users", "guest-get-fsinfo",
            "guest-network-get-interfaces", "guest-get-disks", "guest-get-vcpus", "guest-get-memory-blocks",
            "guest-get-time", "guest-info");

    /** Calls before anything is measured, so that both agents' caches and jga's JIT are warm. */
    private static final int WARM_UP_CALLS = 300;

    private static final byte[] RETURN = "{\"return\"".getBytes(StandardCharsets.US_ASCII);

    private PolledCommands() {}

    /**
     * Two rows per command (rate, CPU per call), one figure per agent in the order given; an
     * agent that does not offer a command (or a null agent) has NaN there.
     */
    static List<Row> rows(List<AgentUnderTest> agents, List<String> commands, int rounds, Duration window)
            throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String command : commands) {
            int n = agents.size();
            double[][] rates = new double[n][];
            double[][] cpu = new double[n][];
            for (int a = 0; a < n; a++) {
                if (agents.get(a) != null && Workloads.hasCommand(agents.get(a), command)) {
                    rates[a] = new double[rounds];
                    cpu[a] = new double[rounds];
                    warmUp(agents.get(a), command);
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < n; i++) {
                    int a = r % 2 == 0 ? i : n - 1 - i;
                    if (rates[a] != null) {
                        Sample sample = sample(agents.get(a), command, window);
                        rates[a][r] = sample.callsPerSecond();
                        cpu[a][r] = sample.cpuMicrosPerCall();
                    }
                }
            }
            rows.add(new Row(command + " calls", "call/s", true, SideBySide.medians(rates), rates));
            rows.add(new Row(command + " agent CPU per call", "µs", false, SideBySide.medians(cpu), cpu));
        }
        return rows;
    }

    /** What one window of back-to-back calls gave. */
    record Sample(double callsPerSecond, double cpuMicrosPerCall) {}

    private static void warmUp(AgentUnderTest agent, String command) throws IOException {
        try (WireClient client = agent.connectRaw()) {
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                call(client, command);
            }
        }
    }

    private static Sample sample(AgentUnderTest agent, String command, Duration window) throws IOException {
        try (WireClient client = agent.connectRaw()) {
            call(client, command); // the connection's own set-up is not counted
            long ticks = agent.stats().cpuTicks();
            long start = System.nanoTime();
            long end = start + window.toNanos();
            int calls = 0;
            while (System.nanoTime() < end) {
                call(client, command);
                calls++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long used = agent.stats().cpuTicks() - ticks;
            return new Sample(calls / seconds, used * 1e6 / ProcStats.TICKS_PER_SECOND / calls);
        }
    }

    private static void call(WireClient client, String command) throws IOException {
        byte[] reply = Workloads.rawReply(client, "{\"execute\":\"" + command + "\"}").array();
        if (!startsWith(reply, RETURN)) {
            throw new IOException(command + ": " + WireClient.show(reply));
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
