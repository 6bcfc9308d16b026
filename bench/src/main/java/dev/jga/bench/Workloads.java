// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.ProcStats;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/** The workloads the issues ask for. */
final class Workloads {

    private static final String EXEC = "guest-exec";

    private Workloads() {}

    /** Sequential guest-ping round trips on one connection, after a warm-up. */
    static Workload pingRate(Duration window) {
        return new Workload("guest-ping round trips", "req/s", true, Optional.empty(), agent -> {
            try (WireClient client = agent.connectRaw()) {
                for (int i = 0; i < 2000; i++) {
                    client.ok("{\"execute\":\"guest-ping\"}");
                }
                long start = System.nanoTime();
                long end = start + window.toNanos();
                int n = 0;
                while (System.nanoTime() < end) {
                    client.ok("{\"execute\":\"guest-ping\"}");
                    n++;
                }
                return n / seconds(start);
            }
        });
    }

    /** guest-file-read of a file of {@code size} random bytes in 4 MiB chunks, base64-decoded by the client. */
    static Workload fileRead(Path dir, long size) throws IOException {
        Path file = dir.resolve("bench-file.bin");
        byte[] data = new byte[Math.toIntExact(size)];
        new Random(42).nextBytes(data);
        Files.write(file, data);
        String name = "guest-file-read " + (size >> 20) + " MiB in 4 MiB chunks";
        return new Workload(name, "MB/s", true, Optional.empty(), agent -> {
            try (WireClient client = agent.connectRaw()) {
                long start = System.nanoTime();
                long handle = ((JsonInteger) client.ok("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\""
                        + file + "\",\"mode\":\"r\"}}")).value();
                long total = readAll(client, handle, size);
                client.ok("{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + handle + "}}");
                if (total != size) {
                    throw new IOException("read " + total + " bytes of " + size);
                }
                return total / 1e6 / seconds(start);
            }
        });
    }

    private static final String PLAIN_EXEC = "{\"path\":\"/bin/true\"}";

    /** guest-exec /bin/true, then guest-exec-status polled without sleeping until exited. */
    static Workload execRate(int count) {
        return new Workload("guest-exec /bin/true to exited", "exec/s", true, Optional.of(EXEC), agent -> {
            try (WireClient client = agent.connectRaw()) {
                for (int i = 0; i < 50; i++) {
                    runToExit(client, PLAIN_EXEC);
                }
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    runToExit(client, PLAIN_EXEC);
                }
                return count / seconds(start);
            }
        });
    }

    /**
     * As {@link #execRate}, but the agent's own CPU time per exec (all its threads; the child's
     * is not counted): what an exec costs the agent, little moved by load from elsewhere.
     */
    static Workload execCpu(int count) {
        return new Workload("guest-exec /bin/true to exited, agent CPU per exec", "µs", false, Optional.of(EXEC), agent -> {
            try (WireClient client = agent.connectRaw()) {
                for (int i = 0; i < 50; i++) {
                    runToExit(client, PLAIN_EXEC);
                }
                long start = cpuNanos(agent.pid());
                for (int i = 0; i < count; i++) {
                    runToExit(client, PLAIN_EXEC);
                }
                return (cpuNanos(agent.pid()) - start) / 1e3 / count;
            }
        });
    }

    /**
     * What supervising a child costs (docs/supervision.md): execs with jga's
     * {@code __dev.jga_timeout} (60 s, never reached) against plain ones, on one connection in
     * blocks of {@code block} ordered ABBA four times, so that warm-up, drift and bursts of load
     * from elsewhere weigh on both alike. {@code agentCpu}: the agent's CPU time per exec with a
     * timeout ÷ without (all its threads, from schedstat: what the timer costs the agent, little
     * moved by other load); otherwise the exec rate with a timeout ÷ without (what a client sees).
     * Agents without the extension (qemu-ga) show n/a.
     */
    static Workload timeoutCost(int block, boolean agentCpu) {
        String timed = "{\"path\":\"/bin/true\",\"__dev.jga_timeout\":60}";
        String name = agentCpu ? "guest-exec /bin/true, agent CPU per exec with a timeout ÷ without"
                : "guest-exec /bin/true, exec rate with a timeout ÷ without";
        return new Workload(name + " (4 × ABBA, blocks of " + block + ")", "ratio", !agentCpu,
                Optional.of("__dev.jga_guest-exec-kill"), agent -> {
                    try (WireClient client = agent.connectRaw()) {
                        for (int i = 0; i < 50; i++) {
                            runToExit(client, PLAIN_EXEC);
                            runToExit(client, timed);
                        }
                        long[] spent = new long[2]; // plain, timed: the same count of each
                        for (int b = 0; b < 16; b++) {
                            int kind = b % 4 == 0 || b % 4 == 3 ? 0 : 1; // ABBA ABBA …
                            long start = agentCpu ? cpuNanos(agent.pid()) : System.nanoTime();
                            for (int i = 0; i < block; i++) {
                                runToExit(client, kind == 0 ? PLAIN_EXEC : timed);
                            }
                            spent[kind] += (agentCpu ? cpuNanos(agent.pid()) : System.nanoTime()) - start;
                        }
                        return agentCpu ? (double) spent[1] / spent[0] : (double) spent[0] / spent[1];
                    }
                });
    }

    /**
     * The time all of a process's live threads have run on a CPU, in ns: the first field of each
     * /proc/PID/task/TID/schedstat (Documentation/scheduler/sched-stats.rst).
     */
    static long cpuNanos(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            long total = 0;
            for (Path task : tasks.toList()) {
                try {
                    total += Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                } catch (java.nio.file.NoSuchFileException exited) {
                    // a thread that ended between the listing and the read
                }
            }
            return total;
        }
    }

    /** RSS after {@code count} guest-exec of /bin/true, each run to exited (leaks and pools show here). */
    static Workload rssAfterExecs(int count) {
        return new Workload("RSS after " + String.format("%,d", count) + " guest-exec", "MB", false, Optional.of(EXEC),
                agent -> {
                    try (WireClient client = agent.connectRaw()) {
                        for (int i = 0; i < count; i++) {
                            runToExit(client, "{\"path\":\"/bin/true\"}");
                        }
                    }
                    return ProcStats.statusKib(agent.pid(), "VmRSS") / 1024.0;
                });
    }

    /**
     * {@code bytes} of captured stdout, from guest-exec to the decoded final status. The final
     * reply (20 MB of base64) is not parsed as JSON but scanned for out-data and decoded in place:
     * the client's cost is added to both agents' figures, so a slow client flattens the ratio.
     */
    static Workload capture(long bytes) {
        String name = "guest-exec capture of " + bytes / 1_000_000 + " MB";
        return new Workload(name, "MB/s", true, Optional.of(EXEC), agent -> {
            try (WireClient client = agent.connectRaw()) {
                long start = System.nanoTime();
                JsonObject started = (JsonObject) client.ok("{\"execute\":\"guest-exec\",\"arguments\":"
                        + "{\"path\":\"/usr/bin/head\",\"arg\":[\"-c\",\"" + bytes + "\",\"/dev/zero\"],"
                        + "\"capture-output\":true}}");
                String poll = "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":"
                        + ((JsonInteger) started.get("pid")).value() + "}}";
                ByteBuffer reply;
                Member data;
                do {
                    reply = rawReply(client, poll);
                    data = base64Member(reply, "out-data", bytes);
                } while (!occursOutside(reply, EXITED_TRUE, data));
                long got = decodedLength(reply, data);
                if (got != bytes) {
                    throw new IOException("captured " + got + " bytes of " + bytes);
                }
                return bytes / 1e6 / seconds(start);
            }
        });
    }

    static final byte[] EXITED_TRUE = "\"exited\": true".getBytes(StandardCharsets.US_ASCII);

    /**
     * The JDK's base64 decoder is fast once C2 has compiled it (20 MB in ~9 ms instead of
     * ~20-30 ms); a handful of big decodes never gets it there, so it is warmed up on small ones
     * before anything is measured.
     */
    private static final Base64.Decoder DECODER = warmedUp(Base64.getDecoder());

    private static Base64.Decoder warmedUp(Base64.Decoder decoder) {
        byte[] text = Base64.getEncoder().encode(new byte[3 * 64]);
        for (int i = 0; i < 20_000; i++) {
            decoder.decode(ByteBuffer.wrap(text));
        }
        return decoder;
    }

    /** Where a base64 string member's text lies in a reply line: {@code [start, end)}. */
    record Member(int start, int end) {}

    /**
     * The base64 string member {@code name} of a reply line, or null when there is none. Its
     * closing quote is looked for first where {@code expectedBytes} put it, which spares a scan
     * of megabytes (the decoder then rejects a quote inside); elsewhere only if it is not there.
     */
    static Member base64Member(ByteBuffer reply, String name, long expectedBytes) {
        byte[] array = reply.array();
        int limit = reply.limit();
        int at = indexOf(array, 0, limit, ("\"" + name + "\": \"").getBytes(StandardCharsets.US_ASCII));
        if (at < 0) {
            return null;
        }
        int start = at + name.length() + 5;
        long expectedEnd = start + (expectedBytes + 2) / 3 * 4;
        if (expectedEnd < limit && array[(int) expectedEnd] == '"') {
            return new Member(start, (int) expectedEnd);
        }
        int end = start;
        while (array[end] != '"') {
            end++;
        }
        return new Member(start, end);
    }

    /** Decodes a base64 member where it stands; the decoder rejects anything but base64 in it. */
    static long decodedLength(ByteBuffer reply, Member member) throws IOException {
        if (member == null) {
            throw new IOException("no base64 data in the reply");
        }
        return DECODER.decode(ByteBuffer.wrap(reply.array(), member.start(), member.end() - member.start())).remaining();
    }

    /** Whether {@code needle} occurs in the reply line outside {@code member} (anywhere when it is null). */
    static boolean occursOutside(ByteBuffer reply, byte[] needle, Member member) {
        byte[] array = reply.array();
        if (member == null) {
            return indexOf(array, 0, reply.limit(), needle) >= 0;
        }
        return indexOf(array, 0, member.start(), needle) >= 0
                || indexOf(array, member.end(), reply.limit(), needle) >= 0;
    }

    private static int indexOf(byte[] haystack, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Reads to the end, scanning each reply for buf-b64 and eof rather than parsing it (see capture). */
    static long readAll(WireClient client, long handle, long size) throws IOException {
        int count = 4 << 20;
        String read = "{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle
                + ",\"count\":" + count + "}}";
        long total = 0;
        while (true) {
            ByteBuffer reply = rawReply(client, read);
            Member data = base64Member(reply, "buf-b64", Math.min(count, size - total));
            total += decodedLength(reply, data);
            if (occursOutside(reply, EOF_TRUE, data)) {
                return total;
            }
        }
    }

    static final byte[] EOF_TRUE = "\"eof\": true".getBytes(StandardCharsets.US_ASCII);

    /**
     * The reply line to {@code request}, unparsed, for replies too big to parse cheaply: the
     * client's cost is added to both agents' figures, so a slow client flattens the ratio.
     */
    static ByteBuffer rawReply(WireClient client, String request) {
        client.sendLine(request);
        return ByteBuffer.wrap(client.readLine());
    }

    static JsonObject runToExit(WireClient client, String arguments) throws IOException {
        JsonObject started = (JsonObject) client.ok("{\"execute\":\"guest-exec\",\"arguments\":" + arguments + "}");
        long pid = ((JsonInteger) started.get("pid")).value();
        String poll = "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}";
        while (true) {
            JsonObject status = (JsonObject) client.ok(poll);
            if (status.get("exited") == JsonBool.TRUE) {
                return status;
            }
        }
    }

    static boolean hasCommand(AgentUnderTest agent, String name) throws IOException {
        try (WireClient client = agent.connectRaw()) {
            JsonObject info = (JsonObject) client.ok("{\"execute\":\"guest-info\"}");
            return ((JsonArray) info.get("supported_commands")).elements().stream()
                    .map(JsonObject.class::cast)
                    .anyMatch(c -> c.get("name").equals(new JsonString(name)) && c.get("enabled") == JsonBool.TRUE);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
