// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonParser;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.Health;
import dev.jga.testkit.JgaOnly;
import dev.jga.testkit.ProcStats;
import dev.jga.testkit.QemuGaOnly;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Abuse that must lose nothing: after each case the agent is alive, answers a fresh client, is idle,
 * holds as many fds as before and stays under its memory ceiling ({@link Health}). Cases where the
 * installed qemu-ga is known to fail run against jga only.
 */
class RobustnessIT extends OneAgent {

    /** How long a resync may wait behind a message of up to ~100 MiB (sent, then lexed). */
    private static final java.time.Duration BIG_MESSAGE_WAIT = java.time.Duration.ofMinutes(2);

    /** Fixed seed: a failure must be reproducible. */
    static final long SEED = 0x6a6761L;
    static final int MIB = 1 << 20;

    ProcStats before;

    /** After {@link OneAgent#startAgent}. */
    @BeforeAll
    static void warmUp() {
        // Warm up every code path once, so lazily opened fds (class files, epoll) are in the baseline.
        try (WireClient client = agent.connect()) {
            client.request("{\"execute\":\"guest-info\"}");
            client.request("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"/dev/null\"}}");
            client.request("{\"execute\":\"guest-nope\"}");
            client.sendLine("{\"a\":01}");
            client.resync();
        }
        // Several sessions waiting at once, so anything jga opens lazily for that is in the
        // baseline. (qemu-ga's listen backlog would refuse these connections.)
        if (agent.target().isQemuGa()) {
            return;
        }
        List<WireClient> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiting.add(agent.connectRaw());
        }
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiting.forEach(WireClient::close);
    }

    @BeforeEach
    void baseline() {
        Health.assertIdle(agent);
        before = agent.stats();
    }

    @AfterEach
    void stillHealthy(org.junit.jupiter.api.TestInfo test) {
        Health.assertHealthy(agent, before);
        // For the record (failsafe's -output.txt): what the case cost the agent.
        System.out.printf("%s %s: before %s, after %s%n", agent.target(), test.getDisplayName(), before,
                agent.stats());
    }

    @Test
    void randomBytesAreSurvived() {
        Random random = new Random(SEED);
        byte[] noise = new byte[4 * MIB];
        random.nextBytes(noise);
        try (WireClient client = agent.connectRaw()) {
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int at = 0; at < noise.length; at += 64 * 1024) {
                    client.send(java.util.Arrays.copyOfRange(noise, at, Math.min(noise.length, at + 64 * 1024)));
                }
                client.send(new byte[] {(byte) 0xFF});
                client.sendLine("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":4242}}");
            });
            client.skipToSentinel();
            assertThat(client.readReply()).isEqualTo(JsonParser.parse("{\"return\": 4242}"));
            join(writer);
        }
    }

    @Test
    void truncatedMessagesAreDroppedByTheSentinel() {
        String request = "{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"/nonexistent\",\"mode\":\"r\"},\"id\":[1,{\"x\":'y'}]}";
        try (WireClient client = agent.connectRaw()) {
            for (int cut = 1; cut < request.length(); cut += 3) {
                client.send(request.substring(0, cut));
                client.send(new byte[] {(byte) 0xFF});
                client.sendLine("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":" + cut + "}}");
                client.skipToSentinel();
                assertThat(client.readReply()).as("after a cut at %d", cut)
                        .isEqualTo(JsonParser.parse("{\"return\": " + cut + "}"));
            }
        }
    }

    @Test
    void anOversizedMessageIsRejectedWithoutHoldingOnToIt() {
        // 100 strings of 1 MiB: over MAX_TOKEN_SIZE in total, no single token over it.
        StringBuilder text = new StringBuilder(101 * MIB).append("{\"execute\":\"guest-ping\",\"id\":[");
        String chunk = "\"" + "a".repeat(MIB) + "\"";
        for (int i = 0; i < 100; i++) {
            text.append(i == 0 ? "" : ",").append(chunk);
        }
        byte[] message = text.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
        sendThenResync(message);
    }

    @Test
    void deepNestingIsRejectedWithoutExhaustingTheStack() {
        int depth = 200_000;
        byte[] message = ("{\"execute\":\"guest-ping\",\"id\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
                .getBytes(StandardCharsets.US_ASCII);
        sendThenResync(message);
        byte[] braces = ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(StandardCharsets.US_ASCII);
        sendThenResync(braces);
    }

    @Test
    @JgaOnly("qemu-ga 7.2 exits when the client vanishes mid-reply (qemuGaExitsWhenAClientVanishesMidReply)")
    void aClientThatDisconnectsInTheMiddleOfABigReplyDoesNotHurt() throws IOException {
        Path big = randomFile("big-30MiB", 30 * MIB);
        long handle = open(big);
        try (WireClient client = agent.connectRaw()) {
            client.sendLine("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle
                    + ",\"count\":" + 30 * MIB + "}}");
            client.awaitBytes(64 * 1024);
        }
        close(handle);
        Files.delete(big);
    }

    @Test
    @QemuGaOnly("jga survives this (aClientThatDisconnectsInTheMiddleOfABigReplyDoesNotHurt)")
    void qemuGaExitsWhenAClientVanishesMidReply() throws IOException {
        try (AgentUnderTest victim = AgentUnderTest.start()) {
            Path big = Files.write(victim.dir().resolve("big"), new byte[30 * MIB]);
            long handle;
            try (WireClient client = victim.connect()) {
                handle = Long.parseLong(client.request("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\""
                        + big + "\"}}").toString().replaceAll("\\D", ""));
            }
            try (WireClient client = victim.connectRaw()) {
                client.sendLine("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle
                        + ",\"count\":" + 30 * MIB + "}}");
                client.awaitBytes(64 * 1024);
            }
            OptionalInt status = victim.awaitExit(Duration.ofSeconds(10));
            assertThat(status).as("qemu-ga 7.2 is expected to exit").isPresent();
        }
    }

    @Test
    @JgaOnly("qemu-ga blocks in write() on a client that does not read and serves nobody else meanwhile")
    void aClientThatNeverReadsIsThrottledAndOthersAreStillServed() throws IOException {
        Path file = randomFile("one-MiB", MIB);
        long handle = open(file);
        // Each pair asks for a 1.4 MB reply: 1000 pairs would be 1.4 GB if the agent buffered them.
        String pair = "{\"execute\":\"guest-file-seek\",\"arguments\":{\"handle\":" + handle + ",\"offset\":0,\"whence\":0}}"
                + "{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle + ",\"count\":" + MIB + "}}\n";
        byte[] flood = pair.repeat(1000).getBytes(StandardCharsets.US_ASCII);
        try (WireClient hog = agent.connectRaw()) {
            int sent = hog.sendSome(flood, Duration.ofSeconds(5));
            AgentUnderTest.sleep(Duration.ofSeconds(1));
            Health.assertRssBounded(agent);
            // Blocked on a full socket, the agent must wait, not retry in a loop.
            Health.assertIdle(agent);
            try (WireClient other = agent.connect()) {
                assertThat(other.request("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":8}}"))
                        .isEqualTo(JsonParser.parse("{\"return\": 8}"));
            }
            assertThat(sent).as("bytes the agent accepted from the hog").isPositive();
        }
        close(handle);
        Files.delete(file);
    }

    @Test
    void anOpenSilentConnectionCostsNoCpu() {
        try (WireClient client = agent.connect()) {
            Health.assertIdle(agent);
            client.send("{\"execute\":\"guest-sync\",");
            Health.assertIdle(agent); // waiting for the rest of a request
        }
    }

    @Test
    void connectionsOpenedAndDroppedAtOnceLeaveNothingBehind() {
        for (int i = 0; i < 100; i++) {
            agent.connectRaw().close();
        }
    }

    /**
     * jga's Agent.MAX_CONCURRENT_SESSIONS: beyond it, a new connection waits for a free place and
     * takes that of a session quiet for LiveSessions.EVICTABLE_AFTER (5 s), so silent or hung
     * clients can never lock the host out.
     */
    static final int JGA_MAX_CONCURRENT_SESSIONS = 16;

    @Test
    @JgaOnly("qemu-ga serves one client at a time; the others wait in its listen backlog")
    void silentConnectionsBeyondTheSessionLimitDoNotKeepANewClientOut() {
        List<WireClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < JGA_MAX_CONCURRENT_SESSIONS + 4; i++) {
                idle.add(agent.connectRaw());
            }
            try (WireClient client = agent.connectRaw()) {
                // answered once the oldest silent sessions have been quiet for 5 s
                assertThat(client.request("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":15}}"))
                        .isEqualTo(JsonParser.parse("{\"return\": 15}"));
            }
            assertThat(idle.getFirst().closedByPeer(Duration.ofSeconds(5)))
                    .as("the quietest session was closed to make room").isTrue();
        } finally {
            idle.forEach(WireClient::close);
        }
    }

    @Test
    @JgaOnly("qemu-ga serves one client and its small listen backlog refuses the rest (EAGAIN)")
    void manyConnectionsHeldOpenAtOnceAreAllReleasedWhenClosed() {
        List<WireClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                held.add(agent.connectRaw());
            }
        } finally {
            held.forEach(WireClient::close);
        }
    }

    @Test
    void aClientThatVanishesHalfwayThroughAHugeMessageIsForgotten() {
        byte[] half = ("{\"execute\":\"guest-ping\",\"id\":\"" + "b".repeat(30 * MIB)).getBytes(StandardCharsets.US_ASCII);
        try (WireClient client = agent.connectRaw()) {
            client.send(half);
        }
    }

    @Test
    void manyConcurrentClientsAreAllAnsweredCorrectly() throws Exception {
        int clients = 32;
        int requests = 20;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int base = c * 1000;
                done.add(pool.submit(() -> {
                    try (WireClient client = agent.connectRaw()) {
                        for (int r = 0; r < requests; r++) {
                            client.sendLine("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":" + (base + r) + "}}");
                        }
                        for (int r = 0; r < requests; r++) {
                            Json reply = client.readReply();
                            assertThat(reply).isEqualTo(JsonParser.parse("{\"return\": " + (base + r) + "}"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sendThenResync(byte[] message) {
        try (WireClient client = agent.connectRaw()) {
            Thread writer = Thread.ofPlatform().start(() -> {
                client.send(message);
                client.send(new byte[] {(byte) 0xFF});
                client.sendLine("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":5150}}");
            });
            // The 0xFF comes after every byte of the message is sent and lexed: on a loaded
            // machine, 100 MiB take longer than one reply's usual wait.
            client.skipToSentinel(BIG_MESSAGE_WAIT);
            assertThat(client.readReply()).isEqualTo(JsonParser.parse("{\"return\": 5150}"));
            join(writer);
        }
    }

    private static Path randomFile(String name, int size) throws IOException {
        Path path = agent.dir().resolve(name);
        Random random = new Random(SEED);
        byte[] block = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(path)) {
            for (int written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, Math.min(block.length, size - written));
            }
        }
        return path;
    }

    private static long open(Path path) {
        try (WireClient client = agent.connect()) {
            Json reply = client.request("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"" + path + "\"}}");
            return ((dev.jga.protocol.json.JsonInteger) ((dev.jga.protocol.json.JsonObject) reply).get("return")).value();
        }
    }

    private static void close(long handle) {
        try (WireClient client = agent.connect()) {
            assertThat(client.request("{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + handle + "}}"))
                    .isEqualTo(JsonParser.parse("{\"return\": {}}"));
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
