// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonParser;
import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Input framing (qobject/json-streamer.c json_message_process_token): no length prefix and no line framing; a request ends
 * when its braces balance, replies are one line each and come back in request order.
 */
class FramingIT extends OneAgent {

    @Test
    void twoRequestsInOneWriteGetTwoReplies() {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    >> {"execute":"guest-sync","arguments":{"id":1}}{"execute":"guest-sync","arguments":{"id":2}}
                    < {"return": 1}
                    < {"return": 2}
                    """).run(client);
        }
    }

    @Test
    void requestSplitAcrossWritesIsAnsweredWhenItCompletes() {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    >> {"execute":"guest-sy
                    < (no reply)
                    >> nc","argum
                    >> ents":{"id":
                    < (no reply)
                    >> 3}
                    < (no reply)
                    >> }
                    < {"return": 3}
                    """).run(client);
        }
    }

    @Test
    void requestSplitInsideAMultiByteCharacterIsReassembled() {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    >> {"execute":"guest-ping","id":"caf\\xc3
                    < (no reply)
                    >> \\xa9"}
                    < {"return": {}, "id": "café"}
                    """).run(client);
        }
    }

    @Test
    void noNewlineIsNeededAfterARequest() {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    >> {"execute":"guest-sync","arguments":{"id":4}}
                    < {"return": 4}
                    """).run(client);
        }
    }

    @Test
    void crlfBlankLinesAndTabsAreWhitespace() {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    >> \\x0d\\x0a\\x0d\\x0a{\\x09"execute" :\\x0d\\x0a "guest-sync" ,\\x0a"arguments":{"id":5}\\x0d\\x0a}\\x0d\\x0a\\x0d\\x0a
                    < {"return": 5}
                    > {"execute":"guest-sync","arguments":{"id":6}}\\x0d
                    < {"return": 6}
                    """).run(client);
        }
    }

    @Test
    void singleQuotedStringsAreAccepted() {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    > {'execute':'guest-sync','arguments':{'id':7}}
                    < {"return": 7}
                    > {'execute':"guest-ping",'id':'it\\'s "quoted"'}
                    < {"return": {}, "id": "it's \\"quoted\\""}
                    """).run(client);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        StringBuilder batch = new StringBuilder();
        for (int id = 0; id < 200; id++) {
            batch.append("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":").append(id * 7919L).append("}}");
            if (id % 3 == 0) {
                batch.append('\n');
            }
        }
        try (WireClient client = agent.connect()) {
            client.send(batch.toString());
            List<Json> replies = client.readReplies(200);
            for (int id = 0; id < 200; id++) {
                assertThat(replies.get(id)).isEqualTo(JsonParser.parse("{\"return\": " + id * 7919L + "}"));
            }
            client.expectSilence(WireClient.SILENCE);
        }
    }

    @Test
    void eachReplyIsCompactJsonEndedByOneNewline() {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-sync","arguments":{"id":42}}
                    <= {"return": 42}
                    > {"execute":"guest-ping"}
                    <= {"return": {}}
                    > {"execute":"guest-nope"}
                    <= {"error": {"class": "CommandNotFound", "desc": "The command guest-nope has not been found"}}
                    """).run(client);
        }
    }
}
