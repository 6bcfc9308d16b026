// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/** The workloads the issues ask for, each one small class. */
final class Workloads {

    private Workloads() {}

    /** Sequential guest-ping round trips on one connection. */
    record PingRate(Duration window) implements Workload {
        record Duration(long millis) {}

        public String name() {
            return "guest-ping round trips";
        }

        public String unit() {
            return "req/s";
        }

        public boolean higherIsBetter() {
            return true;
        }

        public double measure(AgentProcess agent) throws IOException {
            try (WireClient client = WireClient.connect(agent.socket())) {
                for (int i = 0; i < 2000; i++) {
                    client.call("{\"execute\":\"guest-ping\"}");
                }
                long end = System.nanoTime() + window.millis() * 1_000_000;
                long start = System.nanoTime();
                int n = 0;
                while (System.nanoTime() < end) {
                    client.call("{\"execute\":\"guest-ping\"}");
                    n++;
                }
                return n / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** guest-file-read of a 64 MiB file in 4 MiB chunks, base64 decoded by the client. */
    record FileRead(Path file, long size) implements Workload {
        static FileRead create(Path dir, long size) throws IOException {
            Path file = dir.resolve("bench-64MiB.bin");
            byte[] data = new byte[(int) size];
            new Random(42).nextBytes(data);
            Files.write(file, data);
            return new FileRead(file, size);
        }

        public String name() {
            return "guest-file-read 64 MiB in 4 MiB chunks";
        }

        public String unit() {
            return "MB/s";
        }

        public boolean higherIsBetter() {
            return true;
        }

        public double measure(AgentProcess agent) throws IOException {
            try (WireClient client = WireClient.connect(agent.socket())) {
                long start = System.nanoTime();
                long handle = ((JsonInteger) client.result("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\""
                        + file + "\",\"mode\":\"r\"}}")).value();
                long total = 0;
                while (true) {
                    JsonObject read = (JsonObject) client.result("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":"
                            + handle + ",\"count\":4194304}}");
                    total += Base64.getDecoder().decode(((JsonString) read.get("buf-b64")).value()).length;
                    if (read.get("eof") == JsonBool.TRUE) {
                        break;
                    }
                }
                client.call("{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + handle + "}}");
                if (total != size) {
                    throw new IOException("read " + total + " bytes of " + size);
                }
                return total / 1e6 / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** guest-exec /bin/true, then guest-exec-status polled without sleeping until exited. */
    record ExecRate(int count) implements Workload {
        public String name() {
            return "guest-exec /bin/true to exited";
        }

        public String unit() {
            return "exec/s";
        }

        public boolean higherIsBetter() {
            return true;
        }

        public boolean supported(AgentProcess agent) throws IOException {
            return hasCommand(agent, "guest-exec");
        }

        public double measure(AgentProcess agent) throws IOException {
            try (WireClient client = WireClient.connect(agent.socket())) {
                for (int i = 0; i < 50; i++) {
                    runToExit(client, "{\"path\":\"/bin/true\"}");
                }
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    runToExit(client, "{\"path\":\"/bin/true\"}");
                }
                return count / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** 15 MB of captured stdout, from guest-exec to the decoded final status. */
    record Capture(long bytes) implements Workload {
        public String name() {
            return "guest-exec capture of 15 MB";
        }

        public String unit() {
            return "MB/s";
        }

        public boolean higherIsBetter() {
            return true;
        }

        public boolean supported(AgentProcess agent) throws IOException {
            return hasCommand(agent, "guest-exec");
        }

        public double measure(AgentProcess agent) throws IOException {
            try (WireClient client = WireClient.connect(agent.socket())) {
                long start = System.nanoTime();
                JsonObject status = runToExit(client, "{\"path\":\"/usr/bin/head\",\"arg\":[\"-c\",\"" + bytes
                        + "\",\"/dev/zero\"],\"capture-output\":true}");
                long got = Base64.getDecoder().decode(((JsonString) status.get("out-data")).value()).length;
                if (got != bytes) {
                    throw new IOException("captured " + got + " bytes of " + bytes);
                }
                return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    static JsonObject runToExit(WireClient client, String arguments) throws IOException {
        JsonObject started = (JsonObject) client.result("{\"execute\":\"guest-exec\",\"arguments\":" + arguments + "}");
        long pid = ((JsonInteger) started.get("pid")).value();
        String poll = "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}";
        while (true) {
            JsonObject status = (JsonObject) client.result(poll);
            if (status.get("exited") == JsonBool.TRUE) {
                return status;
            }
        }
    }

    static boolean hasCommand(AgentProcess agent, String name) throws IOException {
        try (WireClient client = WireClient.connect(agent.socket())) {
            JsonObject info = (JsonObject) client.result("{\"execute\":\"guest-info\"}");
            List<Json> commands = ((dev.jga.protocol.json.JsonArray) info.get("supported_commands")).elements();
            return commands.stream().map(c -> ((JsonObject) c))
                    .anyMatch(c -> c.get("name").equals(new JsonString(name)) && c.get("enabled") == JsonBool.TRUE);
        }
    }
}
