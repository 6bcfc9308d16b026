// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.protocol.json.JsonWriter;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.JgaOnly;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@code qga.state.isfrozen} left in the state directory, as a qemu-ga killed mid-freeze leaves
 * it. jga has no guest-fsfreeze-thaw yet, so starting frozen would be a trap nobody could free it
 * from: it warns and serves as usual.
 */
@JgaOnly("qemu-ga starts frozen (qga/main.c check_is_frozen): only freeze-safe commands, and SIGTERM waits for a thaw")
class LeftoverFreezeMarkerIT {

    @Test
    void withTheMarkerPresentJgaStartsWarnsServesEveryCommandAndStopsOnSigterm() throws IOException {
        try (AgentUnderTest agent = AgentUnderTest.start()) {
            Files.createFile(agent.dir().resolve("qga.state.isfrozen"));
            agent.restart();

            assertThat(agent.stderr()).contains("qga.state.isfrozen exists").contains("ignores the marker");
            try (WireClient client = agent.connect()) {
                JsonObject info = (JsonObject) ((JsonObject) client.request("{\"execute\":\"guest-info\"}")).get("return");
                List<Json> commands = ((JsonArray) info.get("supported_commands")).elements();
                assertThat(commands).isNotEmpty();
                for (Json entry : commands) {
                    JsonObject command = (JsonObject) entry;
                    String name = ((JsonString) command.get("name")).value();
                    assertThat(command.get("enabled")).as(name).isEqualTo(JsonBool.TRUE);
                    // A bad argument stops the command in its visitor: dispatched, not refused, and nothing runs.
                    assertThat(JsonWriter.toString(client.request("{\"execute\":\"" + name + "\",\"arguments\":{\"probe\":1}}")))
                            .as(name).contains("Parameter '").doesNotContain("has been disabled");
                }
                Path file = agent.dir().resolve("written-while-marked");
                assertThat(JsonWriter.toString(client.request("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\""
                        + file + "\",\"mode\":\"w\"}}"))).contains("\"return\"");
            }
            agent.stop(); // SIGTERM: exit status 0 within STOP_TIMEOUT, or the test fails
        }
    }
}
