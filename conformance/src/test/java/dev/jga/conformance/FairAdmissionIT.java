// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.JsonParser;
import dev.jga.testkit.JgaOnly;
import dev.jga.testkit.WireClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clients that hold a session without making progress yield it to a waiting client (issue 10):
 * whitespace between requests is not progress.
 */
class FairAdmissionIT extends OneAgent {

    /** Agent.MAX_CONCURRENT_SESSIONS. */
    private static final int SESSIONS = 16;

    @Test
    @JgaOnly("qemu-ga serves one client at a time; one client sending spaces keeps every other out")
    void sixteenClientsTricklingSpacesDoNotKeepANewClientOut() throws InterruptedException {
        List<WireClient> tricklers = new ArrayList<>();
        try {
            for (int i = 0; i < SESSIONS; i++) {
                tricklers.add(agent.connect());
            }
            Thread trickle = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (WireClient trickler : tricklers) {
                        try {
                            trickler.send(" ");
                        } catch (RuntimeException closedByTheAgent) {
                            // evicted: that is the point
                        }
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try (WireClient newcomer = agent.connectRaw()) {
                assertThat(newcomer.request("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":3}}"))
                        .isEqualTo(JsonParser.parse("{\"return\": 3}"));
            } finally {
                trickle.interrupt();
                trickle.join();
            }
        } finally {
            tricklers.forEach(WireClient::close);
        }
    }
}
