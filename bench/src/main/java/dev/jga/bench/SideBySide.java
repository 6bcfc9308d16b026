// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import dev.jga.testkit.AgentCommand;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.ProcStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs the same workloads against jga-agent and qemu-ga in one run, alternating between them,
 * and prints each figure with the ratio jga ÷ qemu-ga. Figures are medians of several rounds;
 * the machine is noisy, so only the ratios are worth comparing across runs.
 *
 * <p>Usage: {@code bin/bench [rounds] [--package DEB] [--quick]} (default 5 rounds). With
 * {@code --package}, the Debian package's launcher (its jlink'ed runtime, JVM flags and AOT cache,
 * unpacked with {@code dpkg-deb -x}) runs as a third contender, and the packages' sizes are
 * compared; {@code bin/bench-package} builds the package and passes it. {@code --quick} measures
 * start, memory and sizes only. {@code --only WORD} runs only the workloads whose name contains
 * WORD (repeatable; e.g. {@code --only exec}) and the polled commands ({@link PolledCommands})
 * whose name contains it, without the start figures. {@code --also NAME=LAUNCHER}
 * adds another jga build (e.g. an older commit's {@code bin/jga-agent}, built) as a contender
 * beside this one. Writes a Markdown table to stdout; a figure that is a ratio on one agent also
 * gets its spread over the rounds, and with {@code --spread} every figure does.
 */
public final class SideBySide {

    private static final int DEFAULT_ROUNDS = 5;

    /** The exec count after which RSS is read (the "RSS after 1,000 execs"). */
    private static final int EXECS_FOR_RSS = 1000;

    private SideBySide() {}

    public static void main(String[] args) throws Exception {
        int rounds = DEFAULT_ROUNDS;
        Path deb = null;
        boolean quick = false;
        boolean spread = false;
        List<String> only = new ArrayList<>();
        List<String> also = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--package" -> deb = Path.of(args[++i]).toAbsolutePath();
                case "--quick" -> quick = true;
                case "--only" -> only.add(args[++i]);
                case "--also" -> also.add(args[++i]);
                case "--spread" -> spread = true;
                default -> rounds = Integer.parseInt(args[i]);
            }
        }
        Path root = Path.of(System.getProperty("jga.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("jga-bench-");
        List<Contender> contenders = new ArrayList<>();
        contenders.add(new Contender("jga", List.of(root.resolve("bin/jga-agent").toString(),
                "-m", "unix-listen", "-p", "{sock}", "-t", "{dir}"), false));
        if (deb != null) {
            Path unpacked = PackageFigures.unpack(deb, work.resolve("package"));
            contenders.add(new Contender("jga package", List.of(unpacked.resolve("usr/sbin/jga-agent").toString(),
                    "-m", "unix-listen", "-p", "{sock}", "-t", "{dir}"), false));
            if (only.isEmpty()) { // the floor takes part in the start figures only
                contenders.add(new Contender(FLOOR, JvmFloor.prepare(unpacked, work.resolve("floor")), true));
            }
        }
        for (String other : also) {
            String[] nameAndLauncher = other.split("=", 2);
            contenders.add(new Contender(nameAndLauncher[0], List.of(Path.of(nameAndLauncher[1]).toAbsolutePath().toString(),
                    "-m", "unix-listen", "-p", "{sock}", "-t", "{dir}"), false));
        }
        contenders.add(new Contender("qemu-ga", List.of(System.getProperty("qemu.ga", "/usr/sbin/qemu-ga"),
                "-m", "unix-listen", "-p", "{sock}", "-t", "{dir}", "-f", "{dir}/pid"), false));
        Workload rssAfterExecs = Workloads.rssAfterExecs(EXECS_FOR_RSS);
        List<Workload> workloads = new ArrayList<>(List.of(rssAfterExecs));
        if (!quick) {
            workloads.addAll(List.of(
                    Workloads.pingRate(Duration.ofSeconds(2)),
                    Workloads.fileRead(work, 64L << 20),
                    Workloads.execRate(500),
                    Workloads.execCpu(500),
                    Workloads.timeoutCost(50, false),
                    Workloads.timeoutCost(50, true),
                    Workloads.capture(15_000_000)));
        }
        if (!only.isEmpty()) {
            workloads.removeIf(workload -> only.stream().noneMatch(word -> workload.name().contains(word)));
        }
        List<Row> rows = new ArrayList<>();
        if (only.isEmpty()) {
            rows.addAll(startFigures(contenders, work, rounds));
        }
        for (Workload workload : workloads) {
            rows.add(measure(workload, contenders, work, workload == rssAfterExecs ? 1 : rounds));
        }
        List<String> polled = PolledCommands.COMMANDS.stream()
                .filter(command -> only.isEmpty() || only.stream().anyMatch(command::contains)).toList();
        if (!quick && !polled.isEmpty()) {
            rows.addAll(polledRows(contenders, polled, work, rounds));
        }
        if (deb != null && only.isEmpty()) {
            rows.addAll(PackageFigures.rows(contenders.stream().map(Contender::name).toList(), deb));
        }
        print(contenders, rows, rounds, spread);
        deleteTree(work);
    }

    /** The work directory holds a 64 MiB file and, with --package, the unpacked package. */
    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * An agent under measurement. A {@code startOnly} one (the {@link #FLOOR}) takes part in the
     * start and idle figures only: it serves no commands.
     */
    record Contender(String name, List<String> command, boolean startOnly) {}

    /**
     * Starts {@code command} ({@code {sock}}, {@code {dir}} replaced) in a fresh directory under
     * {@code work} and waits for its first reply; {@code javaOpts} go in JGA_JAVA_OPTS (extra JVM
     * flags for jga).
     */
    static AgentUnderTest launch(String name, List<String> command, Path work, String javaOpts) throws IOException {
        Map<String, String> env = javaOpts.isEmpty() ? Map.of("JGA_NO_BUILD", "1")
                : Map.of("JGA_NO_BUILD", "1", "JGA_JAVA_OPTS", javaOpts);
        return AgentUnderTest.measure(new AgentCommand(name, command, env), work);
    }

    /** {@link FloorDaemon} on the package's runtime, flags and an AOT cache of its own. */
    static final String FLOOR = "Java floor";

    /**
     * One figure per contender (NaN: not measured), in the order of the contenders, and each
     * contender's rounds (null: not measured or not kept).
     */
    record Row(String name, String unit, boolean higherIsBetter, double[] values, double[][] rounds) {

        Row(String name, String unit, boolean higherIsBetter, double[] values) {
            this(name, unit, higherIsBetter, values, new double[values.length][]);
        }
    }

    /** When idle RSS counts as settled: after the JVM's 5 s chunk-pool cleanup and a native trim. */
    private static final long SETTLED_MILLIS = 10_000;

    private static List<Row> startFigures(List<Contender> contenders, Path work, int rounds) throws Exception {
        int n = contenders.size();
        double[][] start = new double[n][rounds];
        double[][] rss = new double[n][rounds];
        double[][] settled = new double[n][rounds];
        double[][] anon = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int c = 0; c < n; c++) {
                try (AgentUnderTest agent = SideBySide.launch(contenders.get(c).name(), contenders.get(c).command(), work, "")) {
                    start[c][r] = agent.startToReady().toNanos() / 1e6;
                    Thread.sleep(3000);
                    rss[c][r] = ProcStats.statusKib(agent.pid(), "VmRSS") / 1024.0;
                    // a JVM empties its chunk pool 5 s after start and trims malloc every 5 s
                    Thread.sleep(SETTLED_MILLIS - 3000);
                    settled[c][r] = ProcStats.statusKib(agent.pid(), "VmRSS") / 1024.0;
                    anon[c][r] = ProcStats.statusKib(agent.pid(), "RssAnon") / 1024.0;
                }
            }
        }
        return List.of(
                new Row("start to first reply", "ms", false, medians(start)),
                new Row("idle RSS (3 s after first reply)", "MB", false, medians(rss)),
                new Row("idle RSS (10 s after first reply: settled)", "MB", false, medians(settled)),
                new Row("idle RssAnon at 10 s (heap, stacks, JIT)", "MB", false, medians(anon)));
    }

    /** {@link PolledCommands} on one running instance of each contender that serves commands. */
    private static List<Row> polledRows(List<Contender> contenders, List<String> commands, Path work, int rounds)
            throws Exception {
        List<AgentUnderTest> agents = new ArrayList<>();
        try {
            launchAll(contenders, work, agents);
            return PolledCommands.rows(agents, commands, rounds, POLL_WINDOW);
        } finally {
            closeAll(agents);
        }
    }

    /** Starts each contender that serves commands into {@code agents} (null for the others). */
    private static void launchAll(List<Contender> contenders, Path work, List<AgentUnderTest> agents) throws IOException {
        for (Contender contender : contenders) {
            agents.add(contender.startOnly() ? null : SideBySide.launch(contender.name(), contender.command(), work, ""));
        }
    }

    private static void closeAll(List<AgentUnderTest> agents) {
        for (AgentUnderTest agent : agents) {
            if (agent != null) {
                agent.close();
            }
        }
    }

    /** How long each agent is polled per command and round: long enough for 10 ms CPU ticks to add up. */
    private static final Duration POLL_WINDOW = Duration.ofMillis(1500);

    private static Row measure(Workload workload, List<Contender> contenders, Path work, int rounds) throws Exception {
        int n = contenders.size();
        double[][] figures = new double[n][];
        List<AgentUnderTest> agents = new ArrayList<>();
        try {
            launchAll(contenders, work, agents);
            for (int c = 0; c < n; c++) {
                figures[c] = agents.get(c) != null && workload.supported(agents.get(c)) ? new double[rounds] : null;
            }
            for (int r = 0; r < rounds; r++) {
                for (int c = 0; c < n; c++) {
                    if (figures[c] != null) {
                        figures[c][r] = workload.measure(agents.get(c));
                    }
                }
            }
        } finally {
            closeAll(agents);
        }
        double[] values = new double[n];
        for (int c = 0; c < n; c++) {
            values[c] = figures[c] == null ? Double.NaN : median(figures[c]);
        }
        return new Row(workload.name(), workload.unit(), workload.higherIsBetter(), values, figures);
    }

    /** The median of each contender's figures; NaN for one not measured (null). */
    static double[] medians(double[][] perContender) {
        return Arrays.stream(perContender).mapToDouble(values -> values == null ? Double.NaN : median(values)).toArray();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void print(List<Contender> contenders, List<Row> rows, int rounds, boolean spread) throws IOException {
        int qemu = contenders.size() - 1;
        System.out.printf("Side by side, %s, medians of %d rounds, %d CPUs, load average %s (bin/bench)%n%n",
                LocalDate.now(), rounds, Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        StringBuilder header = new StringBuilder("| figure | unit |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (Contender contender : contenders) {
            header.append(' ').append(contender.name()).append(" |");
            rule.append("---:|");
        }
        for (int c = 0; c < qemu; c++) {
            if (!contenders.get(c).startOnly()) {
                header.append(' ').append(contenders.get(c).name()).append(" ÷ qemu-ga |");
                rule.append("---:|");
            }
        }
        System.out.println(header.append(" better |"));
        System.out.println(rule.append("---|"));
        for (Row row : rows) {
            StringBuilder line = new StringBuilder("| " + row.name() + " | " + row.unit() + " |");
            for (double value : row.values()) {
                line.append(' ').append(fmt(value)).append(" |");
            }
            for (int c = 0; c < qemu; c++) {
                if (contenders.get(c).startOnly()) {
                    continue;
                }
                double a = row.values()[c];
                double b = row.values()[qemu];
                line.append(' ').append(Double.isNaN(a) || Double.isNaN(b) ? "n/a" : "%.2f".formatted(a / b)).append(" |");
            }
            System.out.println(line.append(' ').append(row.higherIsBetter() ? "higher" : "lower").append(" |"));
        }
        for (Row row : rows) {
            if (spread || row.unit().equals("ratio")) {
                printSpread(contenders, row);
            }
        }
        if (contenders.stream().anyMatch(Contender::startOnly)) {
            System.out.printf("%n%s: a Java daemon that only listens on the unix socket and answers each request"
                    + " (FloorDaemon), on the package's runtime, JVM flags and an AOT cache of its own: what"
                    + " the JVM and the JDK's unix-socket set-up cost on this machine.%n", FLOOR);
        }
    }

    /** A figure's rounds, so that its spread shows beside the median. */
    private static void printSpread(List<Contender> contenders, Row row) {
        for (int c = 0; c < contenders.size(); c++) {
            double[] rounds = row.rounds()[c];
            if (rounds != null) {
                double[] sorted = rounds.clone();
                Arrays.sort(sorted);
                System.out.printf("%n%s, %s: median %.3f, min %.3f, max %.3f over %d rounds (%s)%n", row.name(),
                        contenders.get(c).name(), median(rounds), sorted[0], sorted[sorted.length - 1], rounds.length,
                        String.join(" ", Arrays.stream(rounds).mapToObj("%.3f"::formatted).toList()));
            }
        }
    }

    private static String fmt(double value) {
        return Double.isNaN(value) ? "n/a" : value >= 100 ? "%.0f".formatted(value) : "%.2f".formatted(value);
    }
}
