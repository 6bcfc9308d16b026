// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * guest-file handles (qga/main.c ga_get_fd_handle): numbered from 1000, counter persisted
 * in {@code <statedir>/qga.state} on every open, surviving restarts, never reused.
 */
class FileHandlesIT {

    @Test
    void handlesStartAt1000AndCountUpPersistedAcrossRestarts() throws IOException {
        try (AgentUnderTest agent = AgentUnderTest.start()) {
            Path file = Files.writeString(agent.dir().resolve("f"), "x");
            Path state = agent.dir().resolve("qga.state");
            run(agent, """
                    > {"execute":"guest-file-open","arguments":{"path":"${f}"}}
                    <= {"return": 1000}
                    > {"execute":"guest-file-open","arguments":{"path":"${f}"}}
                    <= {"return": 1001}
                    > {"execute":"guest-file-close","arguments":{"handle":1000}}
                    < {"return": {}}
                    # A failed open does not use up a handle.
                    > {"execute":"guest-file-open","arguments":{"path":"${f}.missing"}}
                    < {"error": {"class": "GenericError", "desc": $string}}
                    > {"execute":"guest-file-open","arguments":{"path":"${f}"}}
                    <= {"return": 1002}
                    """, file);
            assertThat(Files.readString(state)).isEqualTo("[global]\nfd_counter=1003\n");

            agent.restart();
            run(agent, """
                    > {"execute":"guest-file-open","arguments":{"path":"${f}"}}
                    <= {"return": 1003}
                    # Handles do not survive the restart, only the counter does.
                    > {"execute":"guest-file-read","arguments":{"handle":1001}}
                    < {"error": {"class": "GenericError", "desc": "handle '1001' has not been found"}}
                    """, file);
            assertThat(Files.readString(state)).isEqualTo("[global]\nfd_counter=1004\n");
        }
    }

    @Test
    void aStateFileFromAnEarlierRunSetsTheNextHandle() throws IOException {
        try (AgentUnderTest agent = AgentUnderTest.start()) {
            Path file = Files.writeString(agent.dir().resolve("f"), "x");
            agent.stop();
            Files.writeString(agent.dir().resolve("qga.state"), "[global]\nfd_counter=4242\n");
            agent.restart();
            run(agent, """
                    > {"execute":"guest-file-open","arguments":{"path":"${f}"}}
                    <= {"return": 4242}
                    """, file);
        }
    }

    @Test
    void unknownAndClosedHandlesAreNotFoundByEveryFileCommand() throws IOException {
        try (AgentUnderTest agent = AgentUnderTest.start()) {
            Path file = Files.writeString(agent.dir().resolve("f"), "x");
            run(agent, """
                    > {"execute":"guest-file-open","arguments":{"path":"${f}"}}
                    < {"return": $int:h}
                    > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                    < {"return": {}}
                    > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                    < {"error": {"class": "GenericError", "desc": "handle '${h}' has not been found"}}
                    > {"execute":"guest-file-read","arguments":{"handle":${h}}}
                    < {"error": {"class": "GenericError", "desc": "handle '${h}' has not been found"}}
                    > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"eA=="}}
                    < {"error": {"class": "GenericError", "desc": "handle '${h}' has not been found"}}
                    > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":0,"whence":0}}
                    < {"error": {"class": "GenericError", "desc": "handle '${h}' has not been found"}}
                    > {"execute":"guest-file-flush","arguments":{"handle":${h}}}
                    < {"error": {"class": "GenericError", "desc": "handle '${h}' has not been found"}}
                    > {"execute":"guest-file-read","arguments":{"handle":123456789012}}
                    < {"error": {"class": "GenericError", "desc": "handle '123456789012' has not been found"}}
                    > {"execute":"guest-file-read","arguments":{"handle":-1}}
                    < {"error": {"class": "GenericError", "desc": "handle '-1' has not been found"}}
                    > {"execute":"guest-file-read","arguments":{"handle":999}}
                    < {"error": {"class": "GenericError", "desc": "handle '999' has not been found"}}
                    """, file);
        }
    }

    @Test
    void badArgumentsAreReportedBeforeAnUnknownHandle() throws IOException {
        try (AgentUnderTest agent = AgentUnderTest.start()) {
            run(agent, """
                    > {"execute":"guest-file-read","arguments":{"handle":5,"count":"x"}}
                    < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'count', expected: integer"}}
                    > {"execute":"guest-file-seek","arguments":{"handle":5,"offset":0,"whence":"nope"}}
                    < {"error": {"class": "GenericError", "desc": "Parameter 'whence' does not accept value 'nope'"}}
                    > {"execute":"guest-file-seek","arguments":{"handle":5,"offset":0,"whence":7}}
                    < {"error": {"class": "GenericError", "desc": "handle '5' has not been found"}}
                    > {"execute":"guest-file-read","arguments":{"handle":5,"count":-1}}
                    < {"error": {"class": "GenericError", "desc": "handle '5' has not been found"}}
                    > {"execute":"guest-file-write","arguments":{"handle":5,"buf-b64":"%%%%"}}
                    < {"error": {"class": "GenericError", "desc": "handle '5' has not been found"}}
                    """, Path.of("/"));
        }
    }

    private static void run(AgentUnderTest agent, String transcript, Path file) {
        try (WireClient client = agent.connect()) {
            Transcript.of(transcript).with("f", file).run(client);
        }
    }
}
