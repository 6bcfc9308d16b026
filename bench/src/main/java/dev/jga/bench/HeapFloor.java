// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.ProcStats;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * The smallest {@code -Xmx} that serves the protocol's largest messages: a guest-file-read of
 * 48 MiB (GUEST_FILE_READ_COUNT_MAX; a 64 MiB base64 reply) and a guest-file-write whose request
 * is just under qemu's 64 MiB JSON limit (47 MiB of data). For each heap size it starts the agent
 * with {@code JGA_JAVA_OPTS=-Xmx<n>m}, runs both, checks the bytes, and prints the peak RSS.
 *
 * <p>Usage: {@code bin/bench-package --heap [LAUNCHER] [sizes in MiB...]}; the launcher defaults
 * to bin/jga-agent.
 */
public final class HeapFloor {

    private static final int READ_MAX = 48 << 20;
    private static final int WRITE_DATA = 47 << 20;

    private HeapFloor() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("jga.root", ".")).toAbsolutePath().normalize();
        String launcher = args.length > 0 ? args[0] : root.resolve("bin/jga-agent").toString();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(48, 64, 96, 128, 160, 192, 256, 320);
        }
        Path work = Files.createTempDirectory("jga-heap-");
        byte[] data = new byte[READ_MAX];
        new Random(7).nextBytes(data);
        Path big = Files.write(work.resolve("read-48MiB.bin"), data);
        String payload = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(data, WRITE_DATA));
        System.out.printf("Heap floor of %s (48 MiB read, 47 MiB write = %.1f MiB request)%n%n", launcher,
                (payload.length() + 80) / 1048576.0);
        System.out.println("| -Xmx | 48 MiB read | 47 MiB write | peak RSS (VmHWM) | RSS 5 s later |");
        System.out.println("|---:|---|---|---:|---:|");
        for (int mib : sizes) {
            List<String> command = List.of(launcher, "-m", "unix-listen", "-p", "{sock}", "-t", "{dir}");
            try (AgentUnderTest agent = SideBySide.launch("xmx" + mib, command, work, "-Xmx" + mib + "m")) {
                String read = attempt(() -> read(agent, big, data.length));
                String write = attempt(() -> write(agent, work.resolve("written-" + mib + ".bin"), payload, WRITE_DATA));
                Files.deleteIfExists(work.resolve("written-" + mib + ".bin"));
                double peak = agent.isAlive() ? ProcStats.statusKib(agent.pid(), "VmHWM") / 1024.0 : Double.NaN;
                Thread.sleep(5000);
                System.out.printf("| %dm | %s | %s | %.1f MB | %.1f MB |%n", mib, read, write, peak,
                        agent.isAlive() ? ProcStats.statusKib(agent.pid(), "VmRSS") / 1024.0 : Double.NaN);
            }
        }
        deleteTree(work);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    interface Step {
        void run() throws Exception;
    }

    private static String attempt(Step step) {
        try {
            step.run();
            return "ok";
        } catch (Exception | Error e) {
            return "fails: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("").replace('|', '/');
        }
    }

    private static void read(AgentUnderTest agent, Path file, int size) throws IOException {
        try (WireClient client = agent.connectRaw()) {
            long handle = ((JsonInteger) client.ok("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\""
                    + file + "\"}}")).value();
            client.send("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle + ",\"count\":" + size + "}}");
            // The reply's base64 token (64 MiB + quotes) is over the JSON parser's own 64 MiB limit: cut it out.
            String reply = new String(client.readLine(), java.nio.charset.StandardCharsets.ISO_8859_1);
            int start = reply.indexOf("\"buf-b64\": \"");
            if (start < 0) {
                throw new IOException(reply.substring(0, Math.min(200, reply.length())));
            }
            start += "\"buf-b64\": \"".length();
            int got = Base64.getDecoder().decode(reply.substring(start, reply.indexOf('"', start))).length;
            client.ok("{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + handle + "}}");
            if (got != size) {
                throw new IOException("read " + got + " of " + size + " bytes");
            }
        }
    }

    private static void write(AgentUnderTest agent, Path file, String base64, int size) throws IOException {
        try (WireClient client = agent.connectRaw()) {
            long handle = ((JsonInteger) client.ok("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\""
                    + file + "\",\"mode\":\"w\"}}")).value();
            JsonObject written = (JsonObject) client.ok("{\"execute\":\"guest-file-write\",\"arguments\":{\"handle\":"
                    + handle + ",\"buf-b64\":\"" + base64 + "\"}}");
            client.ok("{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + handle + "}}");
            long count = ((JsonInteger) written.get("count")).value();
            if (count != size || Files.size(file) != size) {
                throw new IOException("wrote " + count + " of " + size + " bytes");
            }
        }
    }
}
