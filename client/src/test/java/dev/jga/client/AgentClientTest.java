// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.client.link.StreamLink;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.schema.FileCommand.FileRead;
import dev.jga.protocol.schema.FileCommand.GuestFileRead;
import dev.jga.protocol.schema.NetworkCommand.GuestNetworkInterfaceStat;
import dev.jga.protocol.schema.NetworkCommand.NetworkGetInterfaces;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls after the sync: matching replies to requests, errors, timeouts. */
class AgentClientTest {

    private static final AgentClient.Options FAST = new AgentClient.Options(Duration.ofSeconds(2), Duration.ofMillis(500));

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
    void typedCallDecodesTheResultAndIgnoresMembersTheSchemaDoesNotKnow() {
        agent.handle("guest-file-read", (args, id) -> FakeGuestAgent.reply(
                "{\"return\": {\"count\": 5, \"buf-b64\": \"aGVsbG8=\", \"eof\": true, \"from-the-future\": 1}}", id));
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            GuestFileRead read = client.call(new FileRead(1000, Optional.of(4096L)));
            assertThat(read.count()).isEqualTo(5);
            assertThat(new String(read.bufB64(), StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(read.eof()).isTrue();
        }
    }

    @Test
    void uint64CountersAboveTheSignedRangeDecodeAsTheirUnsignedBits() {
        agent.handle("guest-network-get-interfaces", (args, id) -> FakeGuestAgent.reply("""
                {"return": [{"name": "eth0", "ip-addresses": [{"ip-address": "10.0.2.15", "ip-address-type": "ipv4", \
                "prefix": 24}], "statistics": {"rx-bytes": 18446744073709551615, "rx-packets": 9223372036854775808, \
                "rx-errs": 0, "rx-dropped": 0, "tx-bytes": 9223372036854775807, "tx-packets": 1, "tx-errs": 0, \
                "tx-dropped": 0}}]}""", id));
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            GuestNetworkInterfaceStat stats = client.call(new NetworkGetInterfaces()).getFirst().statistics().orElseThrow();
            assertThat(Long.toUnsignedString(stats.rxBytes())).isEqualTo("18446744073709551615");
            assertThat(Long.toUnsignedString(stats.rxPackets())).isEqualTo("9223372036854775808");
            assertThat(stats.txBytes()).isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void anErrorReplyBecomesAnAgentExceptionWithClassAndDesc() {
        agent.handle("guest-file-read", (args, id) -> FakeGuestAgent.reply(
                "{\"error\": {\"class\": \"GenericError\", \"desc\": \"handle '1000' has not been found\"}}", id));
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            assertThatThrownBy(() -> client.call(new FileRead(1000, Optional.empty())))
                    .isInstanceOfSatisfying(AgentException.class, e -> {
                        assertThat(e.errorClass()).isEqualTo("GenericError");
                        assertThat(e.desc()).isEqualTo("handle '1000' has not been found");
                        assertThat(e.command()).isEqualTo("guest-file-read");
                    });
        }
    }

    @Test
    void anUnknownCommandSaysHowToListWhatTheAgentHas() {
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            assertThatThrownBy(() -> client.callRaw("guest-frobnicate", JsonObject.EMPTY))
                    .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.isCommandNotFound()).isTrue())
                    .hasMessageContaining("jga info");
        }
    }

    @Test
    void aReplyWithAnotherIdIsSkipped() {
        agent.handle("guest-get-time", (args, id) -> FakeGuestAgent.concat(
                "{\"return\": 1, \"id\": 424242}\n".getBytes(StandardCharsets.US_ASCII),
                FakeGuestAgent.reply("{\"return\": 2}", id)));
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            assertThat(client.callRaw("guest-get-time", JsonObject.EMPTY).toString()).contains("2");
        }
    }

    @Test
    void aLateReplyAfterATimeoutIsNeverTakenForTheNextAnswer() {
        agent.handle("guest-get-time", (args, id) -> {
            sleep(900); // longer than the 500 ms call timeout
            return FakeGuestAgent.reply("{\"return\": 111}", id);
        });
        agent.handle("guest-get-host-name", (args, id) ->
                FakeGuestAgent.reply("{\"return\": {\"host-name\": \"vm1\"}}", id));
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            assertThatThrownBy(() -> client.callRaw("guest-get-time", JsonObject.EMPTY))
                    .isInstanceOf(AgentTimeoutException.class)
                    .hasMessageContaining("guest-get-time");
            assertThat(client.callRaw("guest-get-host-name", JsonObject.EMPTY).toString()).contains("vm1");
        }
        // The client resynchronised between the two calls.
        assertThat(agent.received()).containsExactly("guest-sync-delimited", "guest-get-time",
                "guest-sync-delimited", "guest-get-host-name");
    }

    @Test
    void notJsonAfterTheSyncIsSkippedNotFatal() {
        agent.handle("guest-get-time", (args, id) -> FakeGuestAgent.concat(
                "this is not json\n{[\n".getBytes(StandardCharsets.US_ASCII), FakeGuestAgent.reply("{\"return\": 5}", id)));
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            assertThat(client.callRaw("guest-get-time", JsonObject.EMPTY).toString()).contains("5");
        }
    }

    @Test
    void aCommandThatIsSilentOnSuccessIsConfirmedByTheSyncBehindIt() {
        agent.handle("guest-shutdown", (args, id) -> new byte[0]);
        try (StreamLink link = StreamLink.open(agent.target(), Duration.ofSeconds(2))) {
            JsonObject reply = link.exchange("guest-shutdown", JsonObject.EMPTY, false, Duration.ofSeconds(2));
            assertThat(reply.has("return")).isTrue();
        }
        assertThat(agent.received()).containsExactly("guest-sync-delimited", "guest-shutdown", "guest-sync");
    }

    @Test
    void aCommandThatIsSilentOnSuccessStillReportsItsError() {
        agent.handle("guest-shutdown", (args, id) -> FakeGuestAgent.reply(
                "{\"error\": {\"class\": \"GenericError\", \"desc\": \"mode is invalid\"}}", id));
        try (StreamLink link = StreamLink.open(agent.target(), Duration.ofSeconds(2))) {
            JsonObject reply = link.exchange("guest-shutdown", JsonObject.builder().put("mode", "x").build(), false,
                    Duration.ofSeconds(2));
            assertThat(reply.has("error")).isTrue();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
