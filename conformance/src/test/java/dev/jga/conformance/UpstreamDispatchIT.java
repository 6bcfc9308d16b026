// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.ChrootQemuGa;
import dev.jga.testkit.Target;
import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * qemu's tests/unit/test-qga.c protocol tests, requests as test-qga.c writes
 * them (single quotes, its spacing): /qga/sync, /qga/ping, /qga/info, /qga/id, /qga/invalid-oob,
 * /qga/invalid-cmd, /qga/invalid-args. /qga/sync-delimited is in {@link SyncIT}.
 */
class UpstreamDispatchIT extends OneAgent {

    @Test
    void sync() {
        long r = ThreadLocalRandom.current().nextLong(0, 1L << 32);
        run("""
                > {'execute': 'guest-sync', 'arguments': {'id': ${r}}}
                < {"return": ${r}}
                """, r);
    }

    @Test
    void ping() {
        run("""
                > {'execute': 'guest-ping'}
                < {"return": {}}
                """, 0);
    }

    @Test
    void infoReportsTheVersionThatDashVPrints() throws IOException, InterruptedException {
        String version;
        try (WireClient client = agent.connect()) {
            JsonObject info = (JsonObject) ((JsonObject) client.request("{'execute': 'guest-info'}")).get("return");
            version = ((JsonString) info.get("version")).value();
        }
        assertThat(dashV().lines().findFirst().orElse("")).isEqualTo("QEMU Guest Agent " + version);
    }

    @Test
    void id() {
        run("""
                > {'execute': 'guest-ping', 'id': 1}
                < {"return": {}, "id": 1}
                """, 0);
    }

    @Test
    void invalidOob() {
        run("""
                > {'exec-oob': 'guest-ping'}
                < {"error": {"class": "GenericError", "desc": $string}}
                """, 0);
    }

    @Test
    void invalidCmd() {
        run("""
                > {'execute': 'guest-invalid-cmd'}
                < {"error": {"class": "CommandNotFound", "desc": "The command guest-invalid-cmd has not been found"}}
                """, 0);
    }

    @Test
    void invalidArgs() {
        run("""
                > {'execute': 'guest-ping', 'arguments': {'foo': 42}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'foo' is unexpected"}}
                """, 0);
    }

    private static String dashV() throws IOException, InterruptedException {
        List<String> command = switch (agent.target()) {
            case QEMU_GA -> List.of(AgentUnderTest.QEMU_GA.toString(), "-V");
            // -V needs no /proc: the chroot alone runs it
            case QEMU_GA_10 -> List.of("chroot", ChrootQemuGa.chroot().toString(), "/usr/sbin/qemu-ga", "-V");
            case JGA -> List.of(AgentUnderTest.repositoryRoot().resolve("bin/jga-agent").toString(), "-V");
        };
        String binary = String.join(" ", command);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JGA_NO_BUILD", "1");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s -V: %s", binary, out).isZero();
        return out;
    }

    private static void run(String transcript, long r) {
        try (WireClient client = agent.connect()) {
            Transcript.of(transcript).with("r", r).run(client);
        }
    }
}
