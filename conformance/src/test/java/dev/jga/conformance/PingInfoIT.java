// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** guest-ping and guest-info (qga/commands.c qmp_guest_ping, qmp_guest_info; tests/unit/test-qga.c /qga/ping, /qga/info). */
class PingInfoIT extends OneAgent {

    /** The commands every build has (no 'if' in the schema) and that the core implements. */
    static final List<String> CORE = List.of("guest-sync-delimited", "guest-sync", "guest-ping", "guest-info",
            "guest-file-open", "guest-file-close", "guest-file-read", "guest-file-write", "guest-file-seek",
            "guest-file-flush");
    /** success-response:false: no reply on success. */
    static final Set<String> NO_SUCCESS_RESPONSE = Set.of("guest-shutdown", "guest-suspend-disk", "guest-suspend-ram",
            "guest-suspend-hybrid");

    @Test
    void pingReturnsAnEmptyObject() {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-ping"}
                    <= {"return": {}}
                    > {"execute":"guest-ping","arguments":{}}
                    <= {"return": {}}
                    """).run(client);
        }
    }

    @Test
    void infoHasAVersionAndOnlyTheTwoDocumentedMembers() {
        JsonObject info = info();
        assertThat(info.members().keySet()).containsExactlyInAnyOrder("version", "supported_commands");
        assertThat(((JsonString) info.get("version")).value()).matches("\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void everyCommandEntryHasNameEnabledAndSuccessResponse() {
        Set<String> names = new HashSet<>();
        for (Json entry : commands()) {
            JsonObject command = (JsonObject) entry;
            assertThat(command.members().keySet()).containsExactlyInAnyOrder("name", "enabled", "success-response");
            assertThat(command.get("enabled")).isInstanceOf(JsonBool.class);
            String name = ((JsonString) command.get("name")).value();
            assertThat(names.add(name)).as("%s listed once", name).isTrue();
            assertThat(command.get("success-response")).as(name)
                    .isEqualTo(JsonBool.of(!NO_SUCCESS_RESPONSE.contains(name)));
        }
        assertThat(names).containsAll(CORE);
    }

    @Test
    void coreCommandsAreEnabled() {
        for (Json entry : commands()) {
            JsonObject command = (JsonObject) entry;
            if (CORE.contains(((JsonString) command.get("name")).value())) {
                assertThat(command.get("enabled")).as(command.toString()).isEqualTo(JsonBool.TRUE);
            }
        }
    }

    @Test
    void everyListedCommandExistsAndIsDisabledExactlyWhenListedSo() {
        // An unexpected argument stops every command in the visitor, before its handler runs, so
        // this touches nothing; only "not found" or "disabled" would come before it.
        List<Json> commands = commands(); // before connecting: qemu-ga serves one client at a time
        try (WireClient client = agent.connect()) {
            for (Json entry : commands) {
                JsonObject command = (JsonObject) entry;
                String name = ((JsonString) command.get("name")).value();
                JsonObject reply = (JsonObject) client.request("{\"execute\":\"" + name
                        + "\",\"arguments\":{\"jga-conformance-probe\":1}}");
                JsonObject error = (JsonObject) reply.get("error");
                assertThat(error).as("%s must not run", name).isNotNull();
                String desc = ((JsonString) error.get("desc")).value();
                assertThat(desc).as(name).doesNotContain("has not been found");
                boolean disabled = desc.startsWith("Command " + name + " has been disabled");
                assertThat(JsonBool.of(!disabled)).as("%s: enabled flag vs reply %s", name, desc)
                        .isEqualTo(command.get("enabled"));
                if (disabled) {
                    assertThat(error.get("class")).isEqualTo(new JsonString("CommandNotFound"));
                }
            }
        }
    }

    static JsonObject info() {
        try (WireClient client = agent.connect()) {
            return (JsonObject) ((JsonObject) client.request("{\"execute\":\"guest-info\"}")).get("return");
        }
    }

    static List<Json> commands() {
        return ((JsonArray) info().get("supported_commands")).elements();
    }
}
