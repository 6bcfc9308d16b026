// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.QemuGaOnly;
import dev.jga.testkit.QemuVersionDiffers;
import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code -b/--block-rpcs} and {@code -a/--allow-rpcs} (qga/main.c ga_apply_command_filters,
 * ga_command_is_allowed; qemu-ga(8)):
 * disabled commands are CommandNotFound "Command X has been disabled…", checked before the
 * arguments, and still listed by guest-info with {@code enabled:false}.
 */
class RpcFilterIT {

    private static final String DISABLED_7_2 = "Command %s has been disabled";
    private static final String DISABLED_CURRENT = "Command %s has been disabled: the command is not allowed";

    @Test
    void blockedCommandsAreDisabledWhateverTheirArguments() {
        try (AgentUnderTest agent = AgentUnderTest.start("-b", "guest-ping,guest-file-open");
                WireClient client = agent.connect()) {
            assertDisabled(client.request("{\"execute\":\"guest-ping\"}"), "guest-ping");
            assertDisabled(client.request("{\"execute\":\"guest-ping\",\"arguments\":{\"foo\":1}}"), "guest-ping");
            assertDisabled(client.request("{\"execute\":\"guest-file-open\",\"arguments\":{}}"), "guest-file-open");
            assertDisabled(client.request("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":5}}"),
                    "guest-file-open");
            Transcript.of("""
                    > {"execute":"guest-sync","arguments":{"id":1}}
                    < {"return": 1}
                    > {"execute":"guest-file-close","arguments":{"handle":999999}}
                    < {"error": {"class": "GenericError", "desc": "handle '999999' has not been found"}}
                    """).run(client);
        }
    }

    @Test
    void theMemberCheckAndTheLookupStillComeBeforeTheDisabledCheck() {
        try (AgentUnderTest agent = AgentUnderTest.start("-b", "guest-ping");
                WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-ping","arguments":[]}
                    < {"error": {"class": "GenericError", "desc": "QMP input member 'arguments' must be an object"}}
                    > {"execute":"guest-pong"}
                    < {"error": {"class": "CommandNotFound", "desc": "The command guest-pong has not been found"}}
                    """).run(client);
        }
    }

    @Test
    void aDisabledErrorEchoesTheId() {
        try (AgentUnderTest agent = AgentUnderTest.start("-b", "guest-ping");
                WireClient client = agent.connect()) {
            JsonObject reply = (JsonObject) client.request("{\"execute\":\"guest-ping\",\"id\":{\"n\":[1]}}");
            assertDisabled(reply, "guest-ping");
            assertThat(reply.get("id")).isEqualTo(new JsonObject(Map.of("n", new JsonArray(java.util.List.of(
                    new dev.jga.protocol.json.JsonInteger(1))))));
        }
    }

    @Test
    void blockListsAccumulateAndUnknownNamesAreIgnored() {
        try (AgentUnderTest agent = AgentUnderTest.start("-b", "guest-ping", "-b", "no-such-command,guest-file-flush");
                WireClient client = agent.connect()) {
            assertDisabled(client.request("{\"execute\":\"guest-ping\"}"), "guest-ping");
            assertDisabled(client.request("{\"execute\":\"guest-file-flush\",\"arguments\":{\"handle\":1}}"),
                    "guest-file-flush");
            Map<String, Json> enabled = enabledFlags(client);
            assertThat(enabled.get("guest-ping")).isEqualTo(JsonBool.FALSE);
            assertThat(enabled.get("guest-file-flush")).isEqualTo(JsonBool.FALSE);
            assertThat(enabled.get("guest-sync")).isEqualTo(JsonBool.TRUE);
            assertThat(enabled).doesNotContainKey("no-such-command");
        }
    }

    @dev.jga.testkit.QemuGa10Differs("7.2's text; 10.0 adds the reason")
    @Test
    @QemuGaOnly("current upstream adds ': the command is not allowed' (blockedTextNamesTheReason)")
    void qemuGa72BlockedTextHasNoReason() {
        try (AgentUnderTest agent = AgentUnderTest.start("-b", "guest-ping");
                WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-ping"}
                    <= {"error": {"class": "CommandNotFound", "desc": "Command guest-ping has been disabled"}}
                    """).run(client);
        }
    }

    @Test
    @QemuVersionDiffers("7.2 says just 'Command guest-ping has been disabled' (qemuGa72BlockedTextHasNoReason)")
    void blockedTextNamesTheReason() {
        try (AgentUnderTest agent = AgentUnderTest.start("-b", "guest-ping");
                WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-ping"}
                    <= {"error": {"class": "CommandNotFound", "desc": "Command guest-ping has been disabled: the command is not allowed"}}
                    """).run(client);
        }
    }

    @Test
    @QemuVersionDiffers("7.2 has no -a/--allow-rpcs (added in 8.1)")
    void anAllowListDisablesEverythingElse() {
        try (AgentUnderTest agent = AgentUnderTest.start("-a", "guest-ping,guest-info,guest-sync-delimited");
                WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-ping"}
                    < {"return": {}}
                    > {"execute":"guest-sync","arguments":{"id":1}}
                    < {"error": {"class": "CommandNotFound", "desc": "Command guest-sync has been disabled: the command is not allowed"}}
                    > {"execute":"guest-file-open","arguments":{}}
                    < {"error": {"class": "CommandNotFound", "desc": "Command guest-file-open has been disabled: the command is not allowed"}}
                    """).run(client);
            Map<String, Json> enabled = enabledFlags(client);
            assertThat(enabled.get("guest-ping")).isEqualTo(JsonBool.TRUE);
            assertThat(enabled.get("guest-info")).isEqualTo(JsonBool.TRUE);
            assertThat(enabled.get("guest-sync")).isEqualTo(JsonBool.FALSE);
            assertThat(enabled.get("guest-file-read")).isEqualTo(JsonBool.FALSE);
        }
    }

    @Test
    @QemuVersionDiffers("7.2 has no -a; since 9.1 allow is applied first, then block")
    void theBlockListIsAppliedAfterTheAllowList() {
        try (AgentUnderTest agent = AgentUnderTest.start("-a", "guest-ping,guest-info,guest-sync-delimited,guest-sync",
                "-b", "guest-ping,guest-file-read");
                WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-ping"}
                    < {"error": {"class": "CommandNotFound", "desc": "Command guest-ping has been disabled: the command is not allowed"}}
                    > {"execute":"guest-sync","arguments":{"id":1}}
                    < {"return": 1}
                    > {"execute":"guest-file-read","arguments":{"handle":1}}
                    < {"error": {"class": "CommandNotFound", "desc": "Command guest-file-read has been disabled: the command is not allowed"}}
                    """).run(client);
        }
    }

    private static void assertDisabled(Json reply, String name) {
        JsonObject error = (JsonObject) ((JsonObject) reply).get("error");
        assertThat(error).as("reply to %s: %s", name, reply).isNotNull();
        assertThat(error.get("class")).isEqualTo(new JsonString("CommandNotFound"));
        String desc = ((JsonString) error.get("desc")).value();
        assertThat(desc).isIn(DISABLED_7_2.formatted(name), DISABLED_CURRENT.formatted(name));
    }

    private static Map<String, Json> enabledFlags(WireClient client) {
        JsonObject info = (JsonObject) ((JsonObject) client.request("{\"execute\":\"guest-info\"}")).get("return");
        Map<String, Json> flags = new HashMap<>();
        for (Json entry : ((JsonArray) info.get("supported_commands")).elements()) {
            JsonObject command = (JsonObject) entry;
            flags.put(((JsonString) command.get("name")).value(), command.get("enabled"));
        }
        return flags;
    }
}
