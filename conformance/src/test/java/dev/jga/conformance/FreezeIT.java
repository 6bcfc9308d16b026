// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.JgaOnly;
import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * guest-fsfreeze-* on this machine, without freezing anything: a freeze-list naming no mounted
 * filesystem freezes none, and a thaw of filesystems that are not frozen thaws none (FITHAW fails
 * with EINVAL). The frozen state itself comes from the {@code qga.state.isfrozen} marker that an
 * agent killed mid-freeze leaves behind. A real freeze is the VM tests' and FreezeLoopTest's.
 */
class FreezeIT {

    @Test
    void aFreezeOfNoMountedFilesystemFreezesNothingAndStaysThawed() {
        try (AgentUnderTest agent = AgentUnderTest.start(); WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-fsfreeze-status"}
                    < {"return": "thawed"}
                    > {"execute":"guest-fsfreeze-freeze-list","arguments":{"mountpoints":["/no/such/mount"]}}
                    < {"return": 0}
                    > {"execute":"guest-fsfreeze-freeze-list","arguments":{"mountpoints":[]}}
                    < {"return": 0}
                    > {"execute":"guest-fsfreeze-status"}
                    < {"return": "thawed"}
                    > {"execute":"guest-fsfreeze-thaw"}
                    < {"return": 0}
                    > {"execute":"guest-fsfreeze-freeze-list","arguments":{"mountpoints":"/"}}
                    < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'mountpoints', expected: array"}}
                    """).run(client);
            assertThat(agent.dir().resolve("qga.state.isfrozen")).doesNotExist();
        }
    }

    @Test
    void aLeftoverMarkerStartsFrozenWithOnlyTheAllowListUntilAThaw() throws Exception {
        try (AgentUnderTest agent = AgentUnderTest.start()) {
            agent.stop();
            Path marker = Files.createFile(agent.dir().resolve("qga.state.isfrozen"));
            agent.restart();
            try (WireClient client = agent.connect()) {
                Transcript.of("""
                        > {"execute":"guest-fsfreeze-status"}
                        < {"return": "frozen"}
                        > {"execute":"guest-ping"}
                        < {"return": {}}
                        """).run(client);
                assertDisabled(client.request("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"/etc/hostname\"}}"));
                assertDisabled(client.request("{\"execute\":\"guest-fsfreeze-freeze\"}"));
                Transcript.of("""
                        > {"execute":"guest-fsfreeze-thaw"}
                        < {"return": 0}
                        > {"execute":"guest-fsfreeze-status"}
                        < {"return": "thawed"}
                        """).run(client);
                assertThat(marker).doesNotExist();
                Json reply = client.request("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"/etc/hostname\"}}");
                assertThat(((JsonObject) reply).get("return")).as(reply.toString()).isNotNull();
            }
        }
    }

    @Test
    @JgaOnly("qemu-ga ignores a SIGTERM while frozen (qga/main.c quit_handler) and keeps running after the thaw;"
            + " jga defers it: it serves on, and exits 0 once thawed")
    void aSigtermWhileFrozenWaitsForTheThaw() throws Exception {
        try (AgentUnderTest agent = AgentUnderTest.start()) {
            agent.stop();
            Files.createFile(agent.dir().resolve("qga.state.isfrozen"));
            agent.restart();
            ProcessHandle.of(agent.pid()).orElseThrow().destroy(); // SIGTERM
            AgentUnderTest.sleep(Duration.ofSeconds(1));
            assertThat(agent.isAlive()).as("a frozen agent must not exit: nobody could thaw").isTrue();
            try (WireClient client = agent.connect()) {
                Transcript.of("""
                        > {"execute":"guest-fsfreeze-thaw"}
                        < {"return": 0}
                        """).run(client);
            }
            assertThat(agent.awaitExit(AgentUnderTest.STOP_TIMEOUT)).hasValue(0);
        }
    }

    private static void assertDisabled(Json reply) {
        JsonObject error = (JsonObject) ((JsonObject) reply).get("error");
        assertThat(error).as(reply.toString()).isNotNull();
        assertThat(((JsonString) error.get("class")).value()).isEqualTo("CommandNotFound");
        assertThat(((JsonString) error.get("desc")).value()).contains("has been disabled");
    }
}
