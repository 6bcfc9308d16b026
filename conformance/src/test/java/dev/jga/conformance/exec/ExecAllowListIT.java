// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import static dev.jga.conformance.exec.ExecSession.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.JgaOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** --exec-allow: only the listed programs start, whatever PATH or spelling a request uses. */
@JgaOnly("qemu-ga has no per-program allow-list; --allow-rpcs can only enable or disable guest-exec as a whole")
class ExecAllowListIT {

    private static AgentUnderTest agent;

    @BeforeAll
    static void start() {
        agent = AgentUnderTest.start("-v", "--exec-allow=/usr/bin/echo,/bin/sleep");
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @Test
    void aRefusedProgramNeverRuns() {
        Path marker = agent.dir().resolve("refused-marker");
        try (ExecSession session = new ExecSession(agent.connect())) {
            assertThat(session.execError("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"touch " + marker + "\"]}"))
                    .isEqualTo("Program '/bin/sh' is not in the agent's exec allow-list (--exec-allow)");
            assertThat(session.execError("{\"path\":\"touch\",\"arg\":[\"" + marker + "\"]}"))
                    .startsWith("Program '/").endsWith("/touch' is not in the agent's exec allow-list (--exec-allow)");
            assertThat(session.execError("{\"path\":\"/usr/bin/../bin/touch\",\"arg\":[\"" + marker + "\"]}"))
                    .isEqualTo("Program '/usr/bin/touch' is not in the agent's exec allow-list (--exec-allow)");
            session.ok("{\"execute\":\"guest-ping\"}");
        }
        ExecSession.pause(200);
        assertThat(Files.exists(marker)).isFalse();
        assertThat(agent.stderr()).contains("refused /bin/sh").doesNotContain(marker.toString());
    }

    @Test
    void aListedProgramRunsByAnyNameThatIsTheSameFile() {
        try (ExecSession session = new ExecSession(agent.connect())) {
            assertThat(text(session.run("{\"path\":\"/usr/bin/echo\",\"arg\":[\"a\"],\"capture-output\":true}")
                    .get("out-data"))).isEqualTo("a\n");
            assertThat(text(session.run("{\"path\":\"echo\",\"arg\":[\"b\"],\"capture-output\":true}")
                    .get("out-data"))).isEqualTo("b\n");
            assertThat(text(session.run("{\"path\":\"/bin/echo\",\"arg\":[\"c\"],\"capture-output\":true}")
                    .get("out-data"))).isEqualTo("c\n");
        }
    }
}
