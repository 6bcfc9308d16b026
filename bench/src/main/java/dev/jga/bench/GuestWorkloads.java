// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The workloads of issue 14, run in order on one agent in a guest, over its virtio-serial port:
 * first the cold figures (the first reply, the first commands), then the warm ones, then guest
 * CPU at a client's pace, then the agent left alone with no host connected. The guest's figures
 * (CPU ticks, RSS) come from the agent's own {@code /proc/self/stat} and
 * {@code /proc/self/smaps_rollup}, read with guest-file-read through the agent itself (three requests per reading, the same for
 * both agents); the idle ones from a shell in the guest (see {@link #idle}). RSS is smaps' sum, not
 * {@code VmRSS}: the kernel folds a thread's page-fault counts into VmRSS only in batches
 * (mm/memory.c {@code check_sync_rss_stat}, {@code SPLIT_RSS_COUNTING} before Linux 6.2), so
 * VmRSS misses what sleeping threads faulted in last; smaps walks the page tables.
 */
final class GuestWorkloads {

    /** One figure of the table, in the order measured. */
    record Figure(String name, String unit, boolean higherIsBetter) {}

    static final Figure START = new Figure("agent start → first reply (guest-sync-delimited)", "s", false);
    static final Figure COLD_PING = new Figure("first 300 guest-ping, cold", "req/s", true);
    static final Figure FIRST_INFO = new Figure("first guest-info reply", "ms", false);
    static final Figure FIRST_EXEC = new Figure("first guest-exec /bin/true reply", "ms", false);
    static final Figure WARM_PING = new Figure("guest-ping after 3,000 warm-up", "req/s", true);
    static final Figure WARM_EXEC = new Figure("guest-exec /bin/true to exited, warm", "exec/s", true);
    static final Figure WRITE = new Figure("guest-file-write 8 MiB (1 MiB writes)", "MB/s", true);
    static final Figure READ = new Figure("guest-file-read 8 MiB (4 MiB reads)", "MB/s", true);
    static final Figure CAPTURE = new Figure("guest-exec capture of 4 MB", "MB/s", true);
    static final Figure RSS_AFTER = new Figure("agent RSS after these workloads", "MB", false);
    static final Figure SETTLE_CPU = new Figure("guest CPU in the 7 s after the workloads, no request", "ms", false);
    static final Figure CPU_STATUS = new Figure("guest CPU per guest-exec-status (one every 50 ms)", "ms", false);
    static final Figure CPU_WRITE = new Figure("guest CPU per 64 KiB guest-file-write (one every 50 ms)", "ms", false);
    static final Figure IDLE_CPU = new Figure("idle CPU, no host connected, 20 s", "ticks", false);
    static final Figure IDLE_RSS = new Figure("RSS at the end of the idle 20 s", "MB", false);

    private static final int COLD_PINGS = 300;
    private static final int WARM_UP_PINGS = 3000;
    private static final int WARM_PINGS = 3000;
    private static final int WARM_UP_EXECS = 20;
    private static final int WARM_EXECS = 100;
    private static final int MIB = 1 << 20;
    private static final int FILE_SIZE = 8 * MIB;
    private static final long CAPTURE_BYTES = 4_000_000;
    private static final int PACED_REQUESTS = 100;
    private static final Duration PACE = Duration.ofMillis(50);
    private static final Duration IDLE = Duration.ofSeconds(20);
    /**
     * The pause before the paced requests: longer than what an agent may defer after a burst (jga's
     * heap return runs at most 5 s after the burst's first release), so that work is measured as
     * its own figure instead of being charged to the paced requests.
     */
    private static final Duration SETTLE = Duration.ofSeconds(7);
    /** USER_HZ: the unit of /proc/PID/stat's utime and stime (proc(5)). */
    private static final double MS_PER_TICK = 10;

    private static final Duration FIRST_REPLY_LIMIT = Duration.ofSeconds(120);
    private static final Duration STEP_LIMIT = Duration.ofSeconds(180);

    private final BenchGuest guest;
    private final Map<Figure, Double> figures = new LinkedHashMap<>();
    private final Map<String, Long> idleByThread = new LinkedHashMap<>();
    private final Map<String, Rss> memory = new LinkedHashMap<>();
    private final Map<String, long[]> warmExecByThread = new LinkedHashMap<>();
    private long warmExecPolls;

    private GuestWorkloads(BenchGuest guest) {
        this.guest = guest;
    }

    /**
     * The figures of one agent, and the idle CPU ticks of each of its threads that used any
     * ("name (tid)"): where an agent's idle time goes.
     */
    record Result(Map<Figure, Double> figures, Map<String, Long> idleByThread, WarmExecProfile warmExec,
            Map<String, Rss> memory) {}

    /**
     * The two RSS figures' profile: smaps_rollup's Rss and, of it, Anonymous (the heap, the JVM's
     * own allocations, stacks; the rest is file pages: the JVM's code, the AOT cache, libraries).
     */
    record Rss(double totalMb, double anonymousMb) {
        static Rss parse(String smapsRollup) throws IOException {
            double total = Double.NaN;
            double anonymous = Double.NaN;
            for (String line : smapsRollup.split("\n")) {
                if (line.startsWith("Rss:")) {
                    total = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                } else if (line.startsWith("Anonymous:")) {
                    anonymous = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            if (Double.isNaN(total)) {
                throw new IOException("no Rss in the agent's smaps_rollup");
            }
            return new Rss(total, anonymous);
        }
    }

    /**
     * Where the timed warm execs went in the guest: for each of the agent's threads (by name),
     * CPU ticks and voluntary and involuntary context switches over the {@link #WARM_EXECS}, and
     * the status polls they took. Read from /proc/PID/task/TID/{stat,status} by a shell the agent
     * starts right before and right after them.
     */
    record WarmExecProfile(Map<String, long[]> byThread, long polls) {}

    /** Runs every workload on the agent of {@code guest}, which has just launched it. */
    static Result measure(BenchGuest guest) throws IOException, InterruptedException {
        GuestWorkloads run = new GuestWorkloads(guest);
        run.all();
        return new Result(run.figures, run.idleByThread, new WarmExecProfile(run.warmExecByThread, run.warmExecPolls),
                run.memory);
    }

    private void all() throws IOException, InterruptedException {
        WireClient client = connect();
        cold(client);
        warm(client);
        step("RSS", STEP_LIMIT, client, () -> {
            Rss rss = Rss.parse(readSmallFile(client, "/proc/self/smaps_rollup"));
            memory.put("after the workloads", rss);
            figures.put(RSS_AFTER, rss.totalMb());
        });
        step("settling", STEP_LIMIT, client, () -> figures.put(SETTLE_CPU, settleCpu(client)));
        step("paced status polls", STEP_LIMIT, client, () -> figures.put(CPU_STATUS, pacedStatusCpu(client)));
        step("paced writes", STEP_LIMIT, client, () -> figures.put(CPU_WRITE, pacedWriteCpu(client)));
        step("idle", STEP_LIMIT, client, () -> idle(client));
    }

    /** The first reply, the first pings, the first guest-info and the first guest-exec. */
    private void cold(WireClient client) throws IOException {
        step("first reply", FIRST_REPLY_LIMIT, client, () -> {
            awaitSync(client, FIRST_REPLY_LIMIT);
            figures.put(START, (System.nanoTime() - guest.agentStartNanos()) / 1e9);
        });
        step("cold pings", STEP_LIMIT, client, () -> figures.put(COLD_PING, pings(client, COLD_PINGS)));
        step("first guest-info", STEP_LIMIT, client, () -> figures.put(FIRST_INFO,
                millis(() -> slowOk(client, "{\"execute\":\"guest-info\"}"))));
        step("first guest-exec", STEP_LIMIT, client, () -> {
            long start = System.nanoTime();
            Json started = slowOk(client, execTrue());
            figures.put(FIRST_EXEC, (System.nanoTime() - start) / 1e6);
            awaitExit(client, pid(started));
        });
    }

    /** Rates after a warm-up; the file and capture workloads run once untimed first. */
    private void warm(WireClient client) throws IOException {
        step("warm pings", STEP_LIMIT, client, () -> {
            pings(client, WARM_UP_PINGS);
            figures.put(WARM_PING, pings(client, WARM_PINGS));
        });
        step("warm exec", STEP_LIMIT, client, () -> {
            execs(client, WARM_UP_EXECS);
            Map<String, long[]> before = threadCounters(client);
            long start = System.nanoTime();
            warmExecPolls = execs(client, WARM_EXECS);
            figures.put(WARM_EXEC, WARM_EXECS / seconds(start));
            Map<String, long[]> after = threadCounters(client);
            after.forEach((thread, counters) -> {
                long[] earlier = before.getOrDefault(thread, new long[counters.length]);
                long[] delta = new long[counters.length];
                for (int i = 0; i < delta.length; i++) {
                    delta[i] = counters[i] - earlier[i];
                }
                warmExecByThread.put(thread, delta);
            });
        });
        Path file = Path.of("/tmp/bench-8MiB.bin");
        step("file write", STEP_LIMIT, client, () -> {
            writeFile(client, file);
            figures.put(WRITE, FILE_SIZE / 1e6 / seconds(writeFile(client, file)));
        });
        step("file read", STEP_LIMIT, client, () -> {
            readFile(client, file);
            figures.put(READ, FILE_SIZE / 1e6 / seconds(readFile(client, file)));
        });
        step("capture", STEP_LIMIT, client, () -> {
            capture(client);
            figures.put(CAPTURE, CAPTURE_BYTES / 1e6 / seconds(capture(client)));
        });
    }

    /** {@code count} guest-exec of /bin/true, each polled to exited without sleeping; returns the status polls made. */
    private static long execs(WireClient client, int count) throws IOException {
        long polls = 0;
        for (int i = 0; i < count; i++) {
            polls += awaitExit(client, pid(client.ok(execTrue())));
        }
        return polls;
    }

    /**
     * Each agent thread's name and its counters: utime + stime (ticks), voluntary and involuntary
     * context switches (proc(5): /proc/PID/task/TID/stat fields 14-15, status's *ctxt_switches),
     * summed by name; read by a shell the agent starts, polled every 50 ms until it exits.
     */
    private static Map<String, long[]> threadCounters(WireClient client) throws IOException, InterruptedException {
        String script = "for t in /proc/$PPID/task/*; do echo $(cat $t/comm)@$(sed 's/.*) //' $t/stat"
                + " | cut -d' ' -f12,13)@$(sed -n 's/.*ctxt_switches:[[:space:]]*//p' $t/status); done";
        String out = shellOutput(client, startShell(client, script), Duration.ofMillis(50));
        Map<String, long[]> counters = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] parts = line.split("@");
            if (parts.length == 3) {
                String[] ticks = parts[1].trim().split(" ");
                String[] switches = parts[2].trim().split(" ");
                long[] values = {Long.parseLong(ticks[0]) + Long.parseLong(ticks[1]), Long.parseLong(switches[0]),
                        Long.parseLong(switches[1])};
                counters.merge(parts[0].trim(), values, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
            }
        }
        return counters;
    }

    /**
     * The agent left alone with no host connected. A shell the agent starts reads the agent's
     * CPU ticks (process and threads) and RSS from /proc twice, {@link #IDLE} apart, while the
     * host is away (it leaves right after the guest-exec reply, and the shell waits 2 s before its
     * first reading); the host comes back afterwards for the output. So neither the readings nor
     * the host's requests fall inside the window, only the agent's wake-ups for the shell's output.
     */
    private void idle(WireClient client) throws IOException, InterruptedException {
        String snapshot = "echo \\\"process|$(sed 's/.*) //' /proc/$PPID/stat | cut -d' ' -f12,13)\\\";"
                + " grep -E '^(Rss|Anonymous):' /proc/$PPID/smaps_rollup;"
                + " for t in /proc/$PPID/task/*; do echo \\\"$(cat $t/comm) (${t##*/})|"
                + "$(sed 's/.*) //' $t/stat | cut -d' ' -f12,13)\\\"; done; echo --;";
        String script = "sleep 2; " + snapshot + " sleep " + IDLE.toSeconds() + "; " + snapshot;
        long pid = startShell(client, script);
        client.close();
        Thread.sleep(IDLE.plusSeconds(4));
        try (WireClient again = connect()) {
            step("reconnect after idle", STEP_LIMIT, again, () -> {
                awaitSync(again, STEP_LIMIT);
                String[] readings = shellOutput(again, pid, Duration.ofMillis(200)).split("--\n");
                Map<String, Long> before = ticksByLine(readings[0]);
                Map<String, Long> after = ticksByLine(readings[1]);
                figures.put(IDLE_CPU, (double) (after.get("process") - before.get("process")));
                Rss rss = Rss.parse(readings[1]);
                memory.put("end of the idle 20 s", rss);
                figures.put(IDLE_RSS, rss.totalMb());
                after.forEach((thread, ticks) -> {
                    long delta = ticks - before.getOrDefault(thread, 0L);
                    if (delta > 0 && !thread.equals("process")) {
                        idleByThread.put(thread, delta);
                    }
                });
            });
        }
    }

    /** "name|utime stime" lines: utime + stime by name. */
    private static Map<String, Long> ticksByLine(String reading) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (String line : reading.split("\n")) {
            int bar = line.lastIndexOf('|');
            if (bar > 0) {
                String[] times = line.substring(bar + 1).trim().split(" ");
                ticks.put(line.substring(0, bar), Long.parseLong(times[0]) + Long.parseLong(times[1]));
            }
        }
        return ticks;
    }

    private WireClient connect() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return WireClient.connect(guest.socket(), () -> "the guest's console: " + guest.serialLog());
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static void step(String name, Duration limit, WireClient client, Step body) throws IOException {
        try (StepLimit bound = StepLimit.of(name, limit, client)) {
            try {
                body.run();
            } catch (Exception | AssertionError e) {
                throw bound.failure(e);
            }
        }
    }

    /**
     * The qemu-ga client's resync (qemu's qga/qapi-schema.json, guest-sync-delimited), waiting up
     * to {@code limit}: 0xFF, then guest-sync-delimited; lines are dropped until the one that
     * returns its id. Sent once: QEMU leaves it in the socket until the agent opens the port.
     */
    private static void awaitSync(WireClient client, Duration limit) {
        long id = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        byte[] sync = ("\u00ff{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":" + id + "}}")
                .getBytes(StandardCharsets.ISO_8859_1);
        client.send(sync);
        String expected = "{\"return\": " + id + "}";
        long deadline = System.nanoTime() + limit.toNanos();
        while (!new String(client.readLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))),
                StandardCharsets.ISO_8859_1).endsWith(expected)) {
            Thread.onSpinWait();
        }
    }

    /** A cold command's {@code return}: it may take longer than the client's usual reply timeout. */
    private static Json slowOk(WireClient client, String request) {
        client.sendLine(request);
        Json reply = client.parse(client.readLine(FIRST_REPLY_LIMIT));
        if (!(reply instanceof JsonObject object) || !object.has("return")) {
            throw client.failure("reply to " + request + ": " + reply);
        }
        return object.get("return");
    }

    private static double pings(WireClient client, int count) throws IOException {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            client.ok("{\"execute\":\"guest-ping\"}");
        }
        return count / seconds(start);
    }

    /**
     * Polls guest-exec-status without sleeping until the child has exited, as the warm exec figure
     * does; returns the polls made.
     */
    private static long awaitExit(WireClient client, long pid) throws IOException {
        String poll = status(pid);
        long polls = 1;
        while (((JsonObject) client.ok(poll)).get("exited") != JsonBool.TRUE) {
            polls++;
        }
        return polls;
    }

    /** Starts {@code /bin/sh -c script} in the guest with its output captured; returns its pid. */
    private static long startShell(WireClient client, String script) throws IOException {
        return pid(client.ok("{\"execute\":\"guest-exec\",\"arguments\":"
                + "{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"" + script + "\"],\"capture-output\":true}}"));
    }

    /** Polls the status of child {@code pid} every {@code pause} until it has exited; returns its stdout. */
    private static String shellOutput(WireClient client, long pid, Duration pause)
            throws IOException, InterruptedException {
        JsonObject status;
        while ((status = (JsonObject) client.ok(status(pid))).get("exited") != JsonBool.TRUE) {
            Thread.sleep(pause);
        }
        return new String(Base64.getDecoder().decode(((JsonString) status.get("out-data")).value()),
                StandardCharsets.UTF_8);
    }

    /** The pid of a guest-exec reply. */
    private static long pid(Json started) {
        return ((JsonInteger) ((JsonObject) started).get("pid")).value();
    }

    /** The guest-exec-status request for child {@code pid}. */
    private static String status(long pid) {
        return "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}";
    }

    private static String execTrue() {
        return "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/bin/true\"}}";
    }

    private static final String WRITE_CHUNK = Base64.getEncoder().encodeToString(randomBytes(MIB));

    private static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        return data;
    }

    /** Writes 8 MiB in 1 MiB guest-file-write requests; returns when it started (nanoTime). */
    private static long writeFile(WireClient client, Path file) throws IOException {
        long start = System.nanoTime();
        long handle = open(client, file, "w");
        String write = "{\"execute\":\"guest-file-write\",\"arguments\":{\"handle\":" + handle + ",\"buf-b64\":\""
                + WRITE_CHUNK + "\"}}";
        for (int i = 0; i < FILE_SIZE / MIB; i++) {
            client.ok(write);
        }
        close(client, handle);
        return start;
    }

    private static long readFile(WireClient client, Path file) throws IOException {
        long start = System.nanoTime();
        long handle = open(client, file, "r");
        long total = Workloads.readAll(client, handle, FILE_SIZE);
        close(client, handle);
        if (total != FILE_SIZE) {
            throw new IOException("read " + total + " bytes of " + FILE_SIZE);
        }
        return start;
    }

    /** guest-exec of head with capture, status polled without sleeping until exited; returns its start. */
    private static long capture(WireClient client) throws IOException {
        long start = System.nanoTime();
        String poll = status(pid(client.ok("{\"execute\":\"guest-exec\",\"arguments\":"
                + "{\"path\":\"/bin/head\",\"arg\":[\"-c\",\"" + CAPTURE_BYTES + "\",\"/dev/zero\"],"
                + "\"capture-output\":true}}")));
        ByteBuffer reply;
        Workloads.Member data;
        do {
            reply = Workloads.rawReply(client, poll);
            data = Workloads.base64Member(reply, "out-data", CAPTURE_BYTES);
        } while (!Workloads.occursOutside(reply, Workloads.EXITED_TRUE, data));
        long got = Workloads.decodedLength(reply, data);
        if (got != CAPTURE_BYTES) {
            throw new IOException("captured " + got + " bytes of " + CAPTURE_BYTES);
        }
        return start;
    }

    /** Guest CPU (ms) the agent uses in {@link #SETTLE} without requests, right after the workloads. */
    private static double settleCpu(WireClient client) throws IOException, InterruptedException {
        long before = cpuTicks(client);
        Thread.sleep(SETTLE);
        return (cpuTicks(client) - before) * MS_PER_TICK;
    }

    /** Guest CPU (ms) per guest-exec-status of a running child, one request every 50 ms. */
    private static double pacedStatusCpu(WireClient client) throws IOException, InterruptedException {
        String poll = status(pid(client.ok(
                "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/bin/sleep\",\"arg\":[\"30\"]}}")));
        return pacedCpu(client, () -> client.ok(poll));
    }

    /** Guest CPU (ms) per 64 KiB guest-file-write, one request every 50 ms. */
    private static double pacedWriteCpu(WireClient client) throws IOException, InterruptedException {
        long handle = open(client, Path.of("/tmp/bench-paced.bin"), "w");
        String write = "{\"execute\":\"guest-file-write\",\"arguments\":{\"handle\":" + handle + ",\"buf-b64\":\""
                + Base64.getEncoder().encodeToString(randomBytes(64 << 10)) + "\"}}";
        double cpu = pacedCpu(client, () -> client.ok(write));
        close(client, handle);
        return cpu;
    }

    @FunctionalInterface
    private interface Request {
        void send() throws IOException;
    }

    private static double pacedCpu(WireClient client, Request request) throws IOException, InterruptedException {
        long before = cpuTicks(client);
        long next = System.nanoTime();
        for (int i = 0; i < PACED_REQUESTS; i++) {
            request.send();
            next += PACE.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
        }
        return (cpuTicks(client) - before) * MS_PER_TICK / PACED_REQUESTS;
    }

    /** utime + stime of the agent's process, all threads (proc(5): fields 14 and 15 of /proc/PID/stat). */
    private static long cpuTicks(WireClient client) throws IOException {
        String stat = readSmallFile(client, "/proc/self/stat");
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String readSmallFile(WireClient client, String path) throws IOException {
        long handle = open(client, Path.of(path), "r");
        JsonObject read = (JsonObject) client.ok("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":"
                + handle + ",\"count\":65536}}");
        close(client, handle);
        return new String(Base64.getDecoder().decode(((JsonString) read.get("buf-b64")).value()),
                StandardCharsets.ISO_8859_1);
    }

    private static long open(WireClient client, Path file, String mode) throws IOException {
        return ((JsonInteger) client.ok("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"" + file
                + "\",\"mode\":\"" + mode + "\"}}")).value();
    }

    private static void close(WireClient client, long handle) throws IOException {
        client.ok("{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + handle + "}}");
    }

    @FunctionalInterface
    private interface Call {
        Object call() throws IOException;
    }

    private static double millis(Call call) throws IOException {
        long start = System.nanoTime();
        call.call();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
