// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/bench --vm}: the Debian package and Debian's qemu-ga where users run them, inside a
 * guest, over virtio-serial (issue 14). Boots the e2e guest (TCG, one vCPU, 1 GiB) with the
 * package's tree at {@code /usr/sbin/jga-agent} and {@code /usr/lib/jga-agent}, runs
 * {@link GuestWorkloads} on it over the port's host socket, then boots the same guest again with
 * qemu-ga as its agent and does the same. Prints a Markdown table with jga ÷ qemu-ga; TCG and a
 * shared host make the figures noisy, so only ratios within one run compare.
 *
 * <p>Usage: {@code InGuest --root DIR --boot-script PATH [--mem MB] [--agent jga|qemu-ga]}, where
 * DIR holds {@code usr/sbin/jga-agent} and {@code usr/lib/jga-agent} (bin/bench stages them from
 * {@code packaging/target/deb-root}). {@code --agent} measures one agent only (a quicker run while
 * working on one; the ratio column then reads n/a). {@code JGA_JAVA_OPTS} in the bench's own
 * environment is passed on to the packaged agent in the guest, to try JVM flags without a rebuild.
 */
public final class InGuest {

    private static final String PORT_ARGS = " -m virtio-serial -p " + BenchGuest.PORT;

    /** The agents, in the order they are measured: each gets a freshly booted guest. */
    private static final List<String[]> AGENTS = List.of(
            new String[] {"jga package", jgaCommand()},
            new String[] {"qemu-ga", "exec /usr/sbin/qemu-ga" + PORT_ARGS});

    private static String jgaCommand() {
        String options = System.getenv("JGA_JAVA_OPTS");
        String command = "exec /usr/sbin/jga-agent" + PORT_ARGS;
        return options == null || options.isBlank() ? command : "JGA_JAVA_OPTS='" + options + "' " + command;
    }

    private InGuest() {}

    public static void main(String[] args) throws Exception {
        Path root = null;
        Path script = null;
        int memoryMb = 1024;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath();
                case "--boot-script" -> script = Path.of(args[++i]).toAbsolutePath();
                case "--mem" -> memoryMb = Integer.parseInt(args[++i]);
                case "--agent" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (root == null || script == null) {
            throw new IllegalArgumentException("usage: InGuest --root DIR --boot-script PATH [--mem MB] [--agent jga|qemu-ga]");
        }
        String loadBefore = loadAverage();
        Path work = Files.createTempDirectory(Path.of("/tmp"), "jga-bench-vm-");
        double[][] values = new double[AGENTS.size()][];
        List<Map<String, Long>> idleThreads = new ArrayList<>();
        List<GuestWorkloads.WarmExecProfile> warmExecs = new ArrayList<>();
        List<Map<String, GuestWorkloads.Rss>> memory = new ArrayList<>();
        for (int a = 0; a < AGENTS.size(); a++) {
            String name = AGENTS.get(a)[0];
            if (only != null && !name.startsWith(only)) {
                values[a] = FIGURES.stream().mapToDouble(f -> Double.NaN).toArray();
                idleThreads.add(Map.of());
                warmExecs.add(new GuestWorkloads.WarmExecProfile(Map.of(), 0));
                memory.add(Map.of());
                continue;
            }
            System.err.printf("bin/bench --vm: booting the guest with %s%n", name);
            try (BenchGuest guest = BenchGuest.boot(script, root, AGENTS.get(a)[1], memoryMb, work.resolve("vm" + a))) {
                Runtime.getRuntime().addShutdownHook(stopping(guest));
                GuestWorkloads.Result result;
                try {
                    result = GuestWorkloads.measure(guest);
                } catch (IOException e) {
                    throw new IOException(name + ": " + e.getMessage() + "\nserial console: " + guest.serialLog(), e);
                }
                values[a] = FIGURES.stream().mapToDouble(f -> result.figures().getOrDefault(f, Double.NaN)).toArray();
                idleThreads.add(result.idleByThread());
                warmExecs.add(result.warmExec());
                memory.add(result.memory());
                System.err.printf("bin/bench --vm: %s measured%n", name);
            }
        }
        print(values, loadBefore, loadAverage(), memoryMb);
        printIdleThreads(idleThreads);
        printWarmExecs(warmExecs);
        printMemory(memory);
    }

    /** The RSS figures' profile: how much of each is anonymous memory, how much file pages. */
    private static void printMemory(List<Map<String, GuestWorkloads.Rss>> memory) {
        System.out.printf("%nRSS, of it anonymous (from the agent's /proc/PID/smaps_rollup; the rest is file pages):%n%n");
        for (int a = 0; a < AGENTS.size(); a++) {
            StringBuilder line = new StringBuilder("- " + AGENTS.get(a)[0] + ":");
            memory.get(a).forEach((when, rss) -> line.append(String.format(" %s %.1f MB, %.1f MB anonymous;", when,
                    rss.totalMb(), rss.anonymousMb())));
            System.out.println(memory.get(a).isEmpty() ? line.append(" none") : line.deleteCharAt(line.length() - 1));
        }
    }

    /** The warm exec figure's profile: the status polls it took, and each thread's ticks and context switches. */
    private static void printWarmExecs(List<GuestWorkloads.WarmExecProfile> profiles) {
        System.out.printf("%nWarm exec by thread, over the timed execs (from /proc/PID/task/*/{stat,status}):"
                + " ticks / voluntary / involuntary context switches%n%n");
        for (int a = 0; a < AGENTS.size(); a++) {
            GuestWorkloads.WarmExecProfile profile = profiles.get(a);
            StringBuilder line = new StringBuilder("- " + AGENTS.get(a)[0] + ": " + profile.polls() + " status polls;");
            profile.byThread().entrySet().stream()
                    .filter(e -> e.getValue()[0] + e.getValue()[1] + e.getValue()[2] > 0)
                    .sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]))
                    .forEach(e -> line.append(' ').append(e.getKey()).append(' ').append(e.getValue()[0]).append('/')
                            .append(e.getValue()[1]).append('/').append(e.getValue()[2]).append(','));
            System.out.println(line.deleteCharAt(line.length() - 1));
        }
    }

    /** The idle figure's profile: which of the agent's threads used its ticks. */
    private static void printIdleThreads(List<Map<String, Long>> idleThreads) {
        System.out.printf("%nIdle CPU by thread, ticks in the idle 20 s (from /proc/PID/task/*/stat):%n%n");
        for (int a = 0; a < AGENTS.size(); a++) {
            StringBuilder line = new StringBuilder("- " + AGENTS.get(a)[0] + ":");
            idleThreads.get(a).entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> line.append(' ').append(e.getKey()).append(' ').append(e.getValue()).append(','));
            System.out.println(idleThreads.get(a).isEmpty() ? line.append(" none") : line.deleteCharAt(line.length() - 1));
        }
    }

    private static final List<GuestWorkloads.Figure> FIGURES = List.of(GuestWorkloads.START, GuestWorkloads.COLD_PING,
            GuestWorkloads.FIRST_INFO, GuestWorkloads.FIRST_EXEC, GuestWorkloads.WARM_PING, GuestWorkloads.WARM_EXEC,
            GuestWorkloads.WRITE, GuestWorkloads.READ, GuestWorkloads.CAPTURE, GuestWorkloads.RSS_AFTER,
            GuestWorkloads.SETTLE_CPU, GuestWorkloads.CPU_STATUS, GuestWorkloads.CPU_WRITE, GuestWorkloads.IDLE_CPU, GuestWorkloads.IDLE_RSS);

    /** A killed bench (Ctrl-C, timeout) still stops its guest. */
    private static Thread stopping(BenchGuest guest) {
        return new Thread(() -> {
            try {
                guest.close();
            } catch (IOException ignored) {
                // the guest powers itself off at the end of its lifetime anyway
            }
        });
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static void print(double[][] values, String loadBefore, String loadAfter, int memoryMb) {
        System.out.printf("In the guest (bin/bench --vm), %s: TCG, 1 vCPU, %d MiB, -cpu qemu64; host: %d CPUs,"
                + " load average %s before, %s after%n%n", LocalDate.now(), memoryMb,
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
        System.out.println("| figure (guest, TCG) | unit | " + AGENTS.get(1)[0] + " | " + AGENTS.get(0)[0]
                + " | jga ÷ qemu-ga | better |");
        System.out.println("|---|---|---:|---:|---:|---|");
        for (int f = 0; f < FIGURES.size(); f++) {
            GuestWorkloads.Figure figure = FIGURES.get(f);
            double jga = values[0][f];
            double qemu = values[1][f];
            System.out.printf("| %s | %s | %s | %s | %s | %s |%n", figure.name(), figure.unit(), fmt(qemu), fmt(jga),
                    Double.isNaN(jga) || Double.isNaN(qemu) || qemu == 0 ? "n/a" : "%.2f".formatted(jga / qemu),
                    figure.higherIsBetter() ? "higher" : "lower");
        }
    }

    private static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value >= 100 ? "%,.0f".formatted(value) : value >= 10 ? "%.1f".formatted(value) : "%.2f".formatted(value);
    }
}
