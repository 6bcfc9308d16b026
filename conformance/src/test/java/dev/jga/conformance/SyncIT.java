// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.JsonParser;
import dev.jga.testkit.JgaOnly;
import dev.jga.testkit.QemuGaOnly;
import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import org.junit.jupiter.api.Test;

/**
 * guest-sync, guest-sync-delimited and the 0xFF sentinel (qga/commands.c qmp_guest_sync_delimited,
 * qga/main.c send_response): the 0xFF prefix
 * only on a delimited success reply; 0xFF input drops partial JSON. qemu-ga answers the 0xFF itself
 * with a stray-character error, jga stays silent.
 */
class SyncIT extends OneAgent {

    @Test
    void guestSyncReturnsItsId() {
        run("""
                > {"execute":"guest-sync","arguments":{"id":1234567890123}}
                <= {"return": 1234567890123}
                > {"execute":"guest-sync","arguments":{"id":-7}}
                <= {"return": -7}
                > {"execute":"guest-sync","arguments":{"id":0}}
                <= {"return": 0}
                """);
    }

    @Test
    void guestSyncDelimitedPrefixesItsSuccessReplyWith0xFF() {
        run("""
                > {"execute":"guest-sync-delimited","arguments":{"id":42}}
                <= \\xff{"return": 42}
                > {"execute":"guest-sync","arguments":{"id":43}}
                <= {"return": 43}
                > {"execute":"guest-ping"}
                < {"return": {}}
                """);
    }

    @Test
    void guestSyncDelimitedErrorsHaveNoPrefix() {
        run("""
                > {"execute":"guest-sync-delimited","arguments":{"id":"x"}}
                < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'id', expected: integer"}}
                > {"execute":"guest-sync-delimited"}
                < {"error": {"class": "GenericError", "desc": "Parameter 'id' is missing"}}
                > {"execute":"guest-sync-delimited","arguments":{"id":1,"x":2}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'x' is unexpected"}}
                """);
    }

    @Test
    void guestSyncDelimitedEchoesTheRequestId() {
        run("""
                > {"execute":"guest-sync-delimited","arguments":{"id":9},"id":"r1"}
                < \\xff{"return": 9, "id": "r1"}
                """);
    }

    @Test
    void upstreamSyncDelimitedProcedureFindsTheReply() {
        // test-qga.c /qga/sync-delimited: raw 0xFF, the request, skip to the 0xFF, then the reply.
        try (WireClient client = agent.connectRaw()) {
            client.send(new byte[] {(byte) 0xFF});
            client.sendLine("{'execute': 'guest-sync-delimited', 'arguments': {'id': 1928374655}}");
            client.skipToSentinel();
            assertThat(client.readReply()).isEqualTo(JsonParser.parse("{\"return\": 1928374655}"));
            client.expectSilence(WireClient.SILENCE);
        }
    }

    @Test
    @JgaOnly("qemu-ga answers 0xFF with \"JSON parse error, stray '\\uFFFD'\" (see the QemuGaOnly twin)")
    void aSentinelFromTheHostIsSilentlyConsumed() {
        run("""
                >> \\xff
                < (no reply)
                >> {"execute":"gue\\xff
                < (no reply)
                > {"execute":"guest-sync","arguments":{"id":3}}
                < {"return": 3}
                """);
    }

    @Test
    @QemuGaOnly("jga consumes 0xFF silently: aSentinelFromTheHostIsSilentlyConsumed")
    void qemuGaAnswersASentinelWithAStrayCharacterError() {
        run("""
                >> \\xff
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '\\uFFFD'"}}
                >> {"execute":"gue\\xff
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '\\"gue\\uFFFD'"}}
                > {"execute":"guest-sync","arguments":{"id":3}}
                < {"return": 3}
                """);
    }

    @Test
    void aSentinelDropsAPartialRequest() {
        try (WireClient client = agent.connect()) {
            client.send("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":1");
            client.send(new byte[] {(byte) 0xFF});
            client.sendLine("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":2}}");
            client.skipToSentinel();
            assertThat(client.readReply()).isEqualTo(JsonParser.parse("{\"return\": 2}"));
            client.expectSilence(WireClient.SILENCE);
        }
    }

    private static void run(String transcript) {
        try (WireClient client = agent.connect()) {
            Transcript.of(transcript).run(client);
        }
    }
}
