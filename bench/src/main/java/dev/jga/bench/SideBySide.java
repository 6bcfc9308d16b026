// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the same workloads against jga-agent and qemu-ga in one run, alternating between them,
 * and prints each figure with the ratio jga ÷ qemu-ga. Figures are medians of several rounds;
 * the machine is noisy, so only the ratios are worth comparing across runs.
 *
 * <p>Usage: {@code bin/bench [rounds]} (default 5). Writes a Markdown table to stdout.
 */
public final class SideBySide {

    private static final int DEFAULT_ROUNDS = 5;

    private SideBySide() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_ROUNDS;
        Path root = Path.of(System.getProperty("jga.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("jga-bench-");
        List<Contender> contenders = List.of(
                new Contender("jga", List.of(root.resolve("bin/jga-agent").toString(),
                        "-m", "unix-listen", "-p", "{sock}", "-t", "{dir}")),
                new Contender("qemu-ga", List.of(System.getProperty("qemu.ga", "/usr/sbin/qemu-ga"),
                        "-m", "unix-listen", "-p", "{sock}", "-t", "{dir}", "-f", "{dir}/pid")));
        List<Workload> workloads = List.of(
                Workloads.pingRate(Duration.ofSeconds(2)),
                Workloads.fileRead(work, 64L << 20),
                Workloads.execRate(500),
                Workloads.capture(15_000_000));
        List<Row> rows = new ArrayList<>();
        rows.addAll(startFigures(contenders, work, rounds));
        for (Workload workload : workloads) {
            rows.add(measure(workload, contenders, work, rounds));
        }
        print(rows, rounds);
    }

    record Contender(String name, List<String> command) {}

    record Row(String name, String unit, boolean higherIsBetter, double jga, double qemu) {
        String ratio() {
            return Double.isNaN(jga) || Double.isNaN(qemu) ? "n/a" : "%.2f".formatted(jga / qemu);
        }
    }

    private static List<Row> startFigures(List<Contender> contenders, Path work, int rounds) throws Exception {
        double[][] start = new double[2][rounds];
        double[][] rss = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int c = 0; c < 2; c++) {
                try (AgentProcess agent = AgentProcess.start(contenders.get(c).name(), contenders.get(c).command(), work)) {
                    start[c][r] = agent.startToFirstReply().toNanos() / 1e6;
                    Thread.sleep(3000);
                    rss[c][r] = agent.rssKb() / 1024.0;
                }
            }
        }
        return List.of(
                new Row("start to first reply", "ms", false, median(start[0]), median(start[1])),
                new Row("idle RSS (3 s after first reply)", "MB", false, median(rss[0]), median(rss[1])));
    }

    private static Row measure(Workload workload, List<Contender> contenders, Path work, int rounds) throws Exception {
        double[][] figures = new double[2][];
        try (AgentProcess jga = AgentProcess.start("jga", contenders.get(0).command(), work);
                AgentProcess qemu = AgentProcess.start("qemu-ga", contenders.get(1).command(), work)) {
            AgentProcess[] agents = {jga, qemu};
            for (int c = 0; c < 2; c++) {
                figures[c] = workload.supported(agents[c]) ? new double[rounds] : null;
            }
            for (int r = 0; r < rounds; r++) {
                for (int c = 0; c < 2; c++) {
                    if (figures[c] != null) {
                        figures[c][r] = workload.measure(agents[c]);
                    }
                }
            }
        }
        return new Row(workload.name(), workload.unit(), workload.higherIsBetter(),
                figures[0] == null ? Double.NaN : median(figures[0]),
                figures[1] == null ? Double.NaN : median(figures[1]));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void print(List<Row> rows, int rounds) throws IOException {
        System.out.printf("Side by side, %s, medians of %d rounds, %d CPUs (bin/bench)%n%n", LocalDate.now(), rounds,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| figure | unit | jga | qemu-ga | jga ÷ qemu-ga | better |");
        System.out.println("|---|---|---:|---:|---:|---|");
        for (Row row : rows) {
            System.out.printf("| %s | %s | %s | %s | %s | %s |%n", row.name(), row.unit(), fmt(row.jga()), fmt(row.qemu()),
                    row.ratio(), row.higherIsBetter() ? "higher" : "lower");
        }
    }

    private static String fmt(double value) {
        return Double.isNaN(value) ? "n/a" : value >= 100 ? "%.0f".formatted(value) : "%.2f".formatted(value);
    }
}
