// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.protocol.json.JsonWriter;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.JgaOnly;
import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The handle counter at its ends, and the limit on open handles (docs/compatibility.md, "Limits"):
 * a handle is never negative (guest-exec reads -1 as "no handle"), and clients opening at the same
 * time never get more handles between them than the limit.
 */
class HandleLimitsIT {

    /** HandleTable.MAX_OPEN_HANDLES. */
    static final int MAX_OPEN_HANDLES = 1024;

    @Test
    void aCounterNoHandleCanComeFromStartsAgainFromZero() throws IOException {
        try (AgentUnderTest agent = withCounter("9223372036854775807")) {
            run(agent, """
                    > {"execute":"guest-file-open","arguments":{"path":"${f}"}}
                    <= {"return": 0}
                    > {"execute":"guest-file-open","arguments":{"path":"${f}"}}
                    <= {"return": 1}
                    """);
        }
    }

    @Test
    @JgaOnly("qemu-ga hands out a negative counter as it is (fd_counter=-1 gives handle -1, which guest-exec"
            + " reads as \"none\")")
    void aNegativeCounterStartsAgainFromZero() throws IOException {
        try (AgentUnderTest agent = withCounter("-1")) {
            run(agent, """
                    > {"execute":"guest-file-open","arguments":{"path":"${f}"}}
                    <= {"return": 0}
                    """);
            assertThat(Files.readString(agent.dir().resolve("qga.state"))).isEqualTo("[global]\nfd_counter=1\n");
        }
    }

    @Test
    @JgaOnly("qemu-ga reads fd_counter as a 32-bit integer (a larger value reads as 0) and aborts when the"
            + " counter reaches INT64_MAX")
    void theLastHandleIsFollowedByZero() throws IOException {
        try (AgentUnderTest agent = withCounter("9223372036854775806")) {
            run(agent, """
                    > {"execute":"guest-file-open","arguments":{"path":"${f}"}}
                    <= {"return": 9223372036854775806}
                    > {"execute":"guest-file-open","arguments":{"path":"${f}"}}
                    <= {"return": 0}
                    """);
        }
    }

    @Test
    @JgaOnly("qemu-ga has no limit of its own on open handles, only the process's RLIMIT_NOFILE")
    void clientsOpeningAtOnceNeverGetMoreThanTheLimitBetweenThem() throws Exception {
        int clients = 4;
        int opensEach = MAX_OPEN_HANDLES / clients + 64;
        try (AgentUnderTest agent = AgentUnderTest.start();
                ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            Path file = Files.writeString(agent.dir().resolve("f"), "x");
            List<Future<int[]>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> openMany(agent, file, opensEach)));
            }
            int opened = 0;
            int refused = 0;
            for (Future<int[]> result : results) {
                opened += result.get()[0];
                refused += result.get()[1];
            }
            assertThat(opened).isEqualTo(MAX_OPEN_HANDLES);
            assertThat(refused).isEqualTo(clients * opensEach - MAX_OPEN_HANDLES);
            // The limit is the agent's, not the connection's: handles outlive their client, and a
            // new client's open is refused until one is closed.
            try (WireClient client = agent.connect()) {
                assertThat(desc(client.request(open(file)))).isEqualTo(
                        "too many open handles (limit 1024); close some first");
                assertThat(((JsonObject) client.request(
                        "{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":1000}}")).has("return")).isTrue();
                assertThat(((JsonObject) client.request(open(file))).get("return")).isInstanceOf(JsonInteger.class);
            }
        }
    }

    /** Opens {@code file} {@code count} times on a connection of its own: {opened, refused}. */
    private static int[] openMany(AgentUnderTest agent, Path file, int count) {
        int[] outcome = new int[2];
        try (WireClient client = agent.connect()) {
            for (int i = 0; i < count; i++) {
                JsonObject reply = (JsonObject) client.request(open(file));
                if (reply.has("return")) {
                    outcome[0]++;
                } else {
                    assertThat(desc(reply)).isEqualTo("too many open handles (limit 1024); close some first");
                    outcome[1]++;
                }
            }
        }
        return outcome;
    }

    private static String open(Path file) {
        return "{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"" + file + "\"}}";
    }

    private static String desc(Json reply) {
        JsonObject object = (JsonObject) reply;
        assertThat(object.has("error")).as(JsonWriter.toString(reply)).isTrue();
        return ((JsonString) ((JsonObject) object.get("error")).get("desc")).value();
    }

    /** An agent started on a state directory whose qga.state holds {@code fd_counter}. */
    private static AgentUnderTest withCounter(String fdCounter) throws IOException {
        AgentUnderTest agent = AgentUnderTest.start();
        Files.writeString(agent.dir().resolve("f"), "x");
        agent.stop();
        Files.writeString(agent.dir().resolve("qga.state"), "[global]\nfd_counter=" + fdCounter + "\n");
        agent.restart();
        return agent;
    }

    private static void run(AgentUnderTest agent, String transcript) {
        try (WireClient client = agent.connect()) {
            Transcript.of(transcript).with("f", agent.dir().resolve("f")).run(client);
        }
    }
}
