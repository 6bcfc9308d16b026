// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParser;
import dev.jga.testkit.WireClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The three per-message limits of qobject/json-streamer.c: MAX_TOKEN_SIZE (64 MiB of
 * token bytes), MAX_TOKEN_COUNT (2 Mi tokens), MAX_NESTING (1024, brace + bracket depth). Each is
 * one error, then the remains of the message are parsed afresh.
 */
class LimitsIT extends OneAgent {

    /** MAX_TOKEN_SIZE: 64 << 20. */
    static final int MAX_TOKEN_SIZE = 64 << 20;
    /** MAX_TOKEN_COUNT: 2 << 20. */
    static final int MAX_TOKEN_COUNT = 2 << 20;
    /** MAX_NESTING. */
    static final int MAX_NESTING = 1024;

    static final Json EXPECTING_VALUE = error("JSON parse error, expecting value");

    @Test
    void nestingOfExactly1024IsAccepted() {
        // The object is depth 1, so 1023 arrays inside it reach 1024.
        String id = "[".repeat(MAX_NESTING - 1) + "]".repeat(MAX_NESTING - 1);
        try (WireClient client = agent.connect()) {
            Json reply = client.request("{\"execute\":\"guest-ping\",\"id\":" + id + "}");
            assertThat(((JsonObject) reply).get("return")).isEqualTo(JsonObject.EMPTY);
            assertThat(depth(((JsonObject) reply).get("id"))).isEqualTo(MAX_NESTING - 1);
        }
    }

    @Test
    void nesting1025IsOneErrorThenEveryClosingBracketIsAnother() {
        String id = "[".repeat(MAX_NESTING) + "]".repeat(MAX_NESTING);
        try (WireClient client = agent.connect()) {
            client.sendLine("{\"execute\":\"guest-ping\",\"id\":" + id + "}");
            assertThat(client.readReply()).isEqualTo(error("JSON nesting depth limit exceeded"));
            // 1024 closing brackets and the closing brace, each parsed on its own.
            for (int i = 0; i < MAX_NESTING + 1; i++) {
                assertThat(client.readReply()).as("reply %d after the limit", i).isEqualTo(EXPECTING_VALUE);
            }
            assertStillServes(client);
        }
    }

    @Test
    void exactly2MiTokensAreAccepted() {
        // {"execute":"guest-ping","arguments":{},"id":[1,…,1]}: 13 + (2k - 1) + 2 tokens.
        int ones = (MAX_TOKEN_COUNT - 14) / 2;
        try (WireClient client = agent.connect()) {
            client.send(tokenMessage(ones));
            JsonObject reply = (JsonObject) client.readReply();
            assertThat(reply.get("return")).isEqualTo(JsonObject.EMPTY);
            assertThat(((JsonArray) reply.get("id")).elements()).hasSize(ones);
        }
    }

    @Test
    void oneTokenMoreIsTheTokenCountLimit() {
        // One more element: the closing ']' is token 2 Mi + 1; the '}' after it is parsed afresh.
        int ones = (MAX_TOKEN_COUNT - 14) / 2 + 1;
        try (WireClient client = agent.connect()) {
            client.send(tokenMessage(ones));
            assertThat(client.readReply()).isEqualTo(error("JSON token count limit exceeded"));
            assertThat(client.readReply()).isEqualTo(EXPECTING_VALUE);
            assertStillServes(client);
        }
    }

    @Test
    void aTokenOver64MiBIsTheTokenSizeLimit() {
        // The string token is flushed when it exceeds 64 MiB: '"' plus 64 MiB of 'A' is one byte
        // over. The lexer restarts on the next 'A' (a stray token), skips to '}' and parses it.
        byte[] head = "{\"execute\":\"guest-ping\",\"id\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}\n".getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[head.length + MAX_TOKEN_SIZE + 16 + tail.length];
        System.arraycopy(head, 0, message, 0, head.length);
        java.util.Arrays.fill(message, head.length, head.length + MAX_TOKEN_SIZE + 16, (byte) 'A');
        System.arraycopy(tail, 0, message, message.length - tail.length, tail.length);
        try (WireClient client = agent.connect()) {
            Thread writer = Thread.ofPlatform().start(() -> client.send(message));
            assertThat(client.readReply()).isEqualTo(error("JSON token size limit exceeded"));
            assertThat(client.readReply()).isEqualTo(error("JSON parse error, stray 'A'"));
            assertThat(client.readReply()).isEqualTo(EXPECTING_VALUE);
            join(writer);
            assertStillServes(client);
        }
    }

    @Test
    void tokensTogetherOver64MiBAreTheTokenSizeLimit() {
        // 70 strings of 1 MiB: the 64th crosses MAX_TOKEN_SIZE. What follows is parsed afresh: each
        // ',' is a missing value, each string a top-level scalar, then ']' and '}'.
        String chunk = "\"" + "a".repeat(1 << 20) + "\"";
        StringBuilder text = new StringBuilder(71 << 20).append("{\"execute\":\"guest-ping\",\"id\":[");
        for (int i = 0; i < 70; i++) {
            text.append(i == 0 ? "" : ",").append(chunk);
        }
        byte[] message = text.append("]}\n").toString().getBytes(StandardCharsets.US_ASCII);
        try (WireClient client = agent.connect()) {
            Thread writer = Thread.ofPlatform().start(() -> client.send(message));
            assertThat(client.readReply()).isEqualTo(error("JSON token size limit exceeded"));
            for (int i = 64; i < 70; i++) {
                assertThat(client.readReply()).as("the ',' before string %d", i + 1).isEqualTo(EXPECTING_VALUE);
                assertThat(client.readReply()).as("string %d", i + 1).isEqualTo(error("QMP input must be a JSON object"));
            }
            assertThat(client.readReply()).as("']'").isEqualTo(EXPECTING_VALUE);
            assertThat(client.readReply()).as("'}'").isEqualTo(EXPECTING_VALUE);
            join(writer);
            assertStillServes(client);
        }
    }

    private static byte[] tokenMessage(int ones) {
        StringBuilder text = new StringBuilder(ones * 2 + 64).append("{\"execute\":\"guest-ping\",\"arguments\":{},\"id\":[");
        text.append("1,".repeat(ones - 1)).append("1]}\n");
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertStillServes(WireClient client) {
        assertThat(client.request("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":5}}"))
                .isEqualTo(JsonParser.parse("{\"return\": 5}"));
        client.expectSilence(WireClient.SILENCE);
    }

    private static int depth(Json json) {
        int depth = 0;
        while (json instanceof JsonArray array) {
            depth++;
            json = array.elements().isEmpty() ? null : array.elements().getFirst();
        }
        return depth;
    }

    static Json error(String desc) {
        return JsonParser.parse("{\"error\": {\"class\": \"GenericError\", \"desc\": \"" + desc + "\"}}");
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
