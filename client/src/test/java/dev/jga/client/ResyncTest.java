// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.protocol.schema.CoreCommand;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connection start against every kind of dirty stream the protocol allows. */
class ResyncTest {

    private static final AgentClient.Options FAST = new AgentClient.Options(Duration.ofSeconds(2), Duration.ofSeconds(2));

    private FakeGuestAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = new FakeGuestAgent();
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
    }

    @Test
    void toleratesQemuGasErrorLineForTheDelimiterByte() {
        agent.strayErrorOnDelimiter(true);
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            client.ping();
        }
        assertThat(agent.received()).containsExactly("guest-sync-delimited", "guest-ping");
    }

    @Test
    void syncsAtTheFirstAttemptWithAnAgentThatIgnoresTheDelimiterSilently() {
        agent.strayErrorOnDelimiter(false);
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            client.ping();
            assertThat(client.call(new CoreCommand.Sync(5))).isEqualTo(5L);
        }
        assertThat(agent.received()).containsExactly("guest-sync-delimited", "guest-ping", "guest-sync");
    }

    @Test
    void skipsStaleRepliesGarbageAndOtherSyncIdsBeforeItsOwn() {
        agent.onConnect("{\"return\": 42}\n\u0000\u0001garbage{\"ret" + "\u00ff{\"return\": 7}\n"
                + "{\"return\": {}, \"id\": 3}\n\u00ff{\"return\": 1234567}\n");
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            client.ping();
            assertThat(client.call(new CoreCommand.Sync(99))).isEqualTo(99L);
        }
    }

    @Test
    void fallsBackToGuestSyncForAnAgentWithoutTheDelimitedForm() {
        agent.without("guest-sync-delimited");
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            client.ping();
        }
        assertThat(agent.received()).containsExactly("guest-sync-delimited", "guest-sync", "guest-ping");
    }

    @Test
    void retriesTheSyncWhenTheFirstAttemptGetsNoAnswer() {
        int[] calls = {0};
        agent.handle("guest-sync-delimited", (args, id) -> calls[0]++ == 0 ? new byte[0]
                : FakeGuestAgent.concat(new byte[] {(byte) 0xFF},
                        FakeGuestAgent.reply("{\"return\": " + FakeGuestAgent.number(args, "id") + "}", id)));
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            client.ping();
        }
        assertThat(agent.received()).startsWith("guest-sync-delimited", "guest-sync-delimited");
    }

    @Test
    void aSilentAgentTimesOutWithAnExplanation() {
        agent.handle("guest-sync-delimited", (args, id) -> new byte[0]);
        agent.handle("guest-sync", (args, id) -> new byte[0]);
        AgentClient.Options options = new AgentClient.Options(Duration.ofMillis(700), Duration.ofSeconds(1));
        assertThatThrownBy(() -> AgentClient.connect(agent.target(), options))
                .isInstanceOf(AgentTimeoutException.class)
                .hasMessageContaining("guest-sync-delimited")
                .hasMessageContaining("another client");
    }

    @Test
    void aMissingSocketIsUnavailableAndSaysHowToCreateIt() {
        Target nowhere = new Target.Unix(agent.socket().resolveSibling("absent"));
        assertThatThrownBy(() -> AgentClient.connect(nowhere, FAST))
                .isInstanceOf(AgentUnavailableException.class)
                .hasMessageContaining("no such socket")
                .hasMessageContaining("-chardev socket");
    }
}
