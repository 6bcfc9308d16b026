// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.JgaOnly;
import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Signals a daemon does not use but may be sent (SIGUSR1 by a log rotator, SIGALRM by a stray
 * timer): the agent survives them, and when it does end, nothing is left behind.
 */
class StraySignalsIT {

    @Test
    @JgaOnly("qemu-ga dies of SIGUSR1 and SIGALRM (their default action) and leaves its pidfile behind")
    void sigusr1AndSigalrmAreSurvivedAndLeaveNoStaleFiles() throws Exception {
        try (AgentUnderTest agent = AgentUnderTest.start("-f", "pid")) {
            Path pidfile = agent.dir().resolve("pid");
            assertThat(pidfile).exists();
            for (String signal : new String[] {"USR1", "ALRM"}) {
                kill(signal, agent.pid());
            }
            try (WireClient client = agent.connect()) {
                Transcript.of("""
                        > {"execute":"guest-ping"}
                        < {"return": {}}
                        """).run(client);
            }
            assertThat(agent.isAlive()).isTrue();
            agent.stop();
            assertThat(pidfile).doesNotExist();
            assertThat(agent.socket()).doesNotExist();
        }
    }

    private static void kill(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        AgentUnderTest.sleep(java.time.Duration.ofMillis(200));
    }
}
