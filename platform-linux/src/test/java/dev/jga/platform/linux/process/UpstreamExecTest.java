// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import static dev.jga.testkit.ExecSession.bool;
import static dev.jga.testkit.ExecSession.number;
import static dev.jga.testkit.ExecSession.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonWriter;
import dev.jga.testkit.AgentCommand;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.ExecSession;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * guest-exec as current QEMU defines it (arg, env, input-data, capture-output), against the real
 * agent on this platform, started from the module's classes (-v: the log is asserted).
 */
class UpstreamExecTest {

    private static AgentUnderTest process;
    private ExecSession agent;

    @BeforeAll
    static void startAgent() {
        process = AgentUnderTest.start(AgentCommand.jgaOnClassPath().withArgs(List.of("-v")));
    }

    @AfterAll
    static void stopAgent() {
        process.close();
    }

    @BeforeEach
    void connect() {
        agent = new ExecSession(process.connect());
    }

    @AfterEach
    void disconnect() {
        agent.close();
    }

    @Test
    void echoWithCaptureReturnsItsOutputOnceExited() {
        long pid = agent.exec("{\"path\": \"/bin/echo\", \"arg\": [\"hi\"], \"capture-output\": true}");
        JsonObject status = agent.awaitExit(pid);
        assertThat(JsonWriter.toString(status)).isEqualTo("{\"exited\": true, \"exitcode\": 0, \"out-data\": \"aGkK\", \"out-truncated\": false}");
    }

    @Test
    void exitCodeAndSignalAreTold() {
        long exit137 = agent.exec("{\"path\": \"/bin/sh\", \"arg\": [\"-c\", \"exit 137\"]}");
        assertThat(JsonWriter.toString(agent.awaitExit(exit137))).isEqualTo("{\"exited\": true, \"exitcode\": 137}");
        long killed = agent.exec("{\"path\": \"/bin/sh\", \"arg\": [\"-c\", \"kill -9 $$\"]}");
        assertThat(JsonWriter.toString(agent.awaitExit(killed))).isEqualTo("{\"exited\": true, \"signal\": 9}");
    }

    @Test
    void runningChildIsReportedAsNotExitedOnly() {
        long pid = agent.exec("{\"path\": \"/bin/sleep\", \"arg\": [\"0.5\"], \"capture-output\": true}");
        assertThat(JsonWriter.toString(agent.status(pid))).isEqualTo("{\"exited\": false}");
        assertThat(bool(agent.awaitExit(pid).get("exited"))).isTrue();
    }

    @Test
    void statusIsForgottenOnceReportedExited() {
        long pid = agent.exec("{\"path\": \"/bin/true\"}");
        agent.awaitExit(pid);
        assertThat(agent.error("{\"execute\": \"guest-exec-status\", \"arguments\": {\"pid\": " + pid + "}}"))
                .isEqualTo("PID " + pid + " does not exist");
    }

    @Test
    void everyExecIsLoggedAsQemuGaLogsIt() {
        long pid = agent.exec("{\"path\": \"/bin/echo\", \"arg\": [\"a b\", \"c\"], \"env\": [\"SECRET=x\"]}");
        agent.awaitExit(pid);
        assertThat(process.stderr()).contains("info: guest-exec called: \"/bin/echo a b c\"")
                .contains("info: guest-exec-status called, pid: " + pid).doesNotContain("SECRET");
    }

    @Test
    void missingProgramIsGlibsTextAndTheAgentLivesOn() {
        assertThat(agent.error("{\"execute\": \"guest-exec\", \"arguments\": {\"path\": \"/bin/invalid-cmd42\"}}"))
                .isEqualTo("Failed to execute child process \u201c/bin/invalid-cmd42\u201d (No such file or directory)");
        long pid = agent.exec("{\"path\": \"/bin/true\"}");
        assertThat(number(agent.awaitExit(pid).get("exitcode"))).isZero();
    }

    @Test
    void mergedKeepsTheOrderOfBothStreams() {
        long pid = agent.exec("{\"path\": \"/bin/sh\", \"arg\": [\"-c\", \"echo 1; echo 2 >&2; echo 3; echo 4 >&2\"],"
                + " \"capture-output\": \"merged\"}");
        JsonObject status = agent.awaitExit(pid);
        assertThat(text(status.get("out-data"))).isEqualTo("1\n2\n3\n4\n");
        assertThat(status.has("err-data")).isFalse();
    }
}
