// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import static dev.jga.conformance.exec.ExecSession.bool;
import static dev.jga.conformance.exec.ExecSession.number;
import static dev.jga.conformance.exec.ExecSession.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.JsonObject;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.JgaOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What a child is given and what it can reach, when the host is careless or hostile: the launcher's
 * own variables stay out of its environment, a handle closed by another client while a child is
 * being given it never hands the child a descriptor opened since, and heavy captured output on a
 * small heap leaves exec working, no zombie and no stray byte in a file opened afterwards.
 */
class ExecFailoverIT {

    @Test
    void childrenDoNotInheritTheLaunchersVariables() {
        // Set empty by the host: a launcher that finds a JDK by itself must not pass its path on.
        try (AgentUnderTest agent = AgentUnderTest.start(List.of(), Map.of("JGA_JAVA_HOME", ""));
                ExecSession session = new ExecSession(agent.connect())) {
            JsonObject status = session.run("{\"path\":\"/usr/bin/env\",\"capture-output\":true}");
            List<String> launcherVariables = text(status.get("out-data")).lines()
                    .filter(line -> line.startsWith("JGA_JAVA_HOME=")).toList();
            assertThat(launcherVariables).allMatch(line -> line.equals("JGA_JAVA_HOME="));
        }
    }

    @Test
    @JgaOnly("qemu-ga has no handle_stdout (the 2015 series was not merged)")
    void aHandleClosedWhileAChildIsGivenItNeverReachesAFileOpenedSince() throws Exception {
        try (AgentUnderTest agent = AgentUnderTest.start();
                ExecSession spawner = new ExecSession(agent.connect());
                ExecSession closer = new ExecSession(agent.connect())) {
            for (int round = 0; round < 40; round++) {
                Path target = agent.dir().resolve("target-" + round);
                Path bystander = agent.dir().resolve("bystander-" + round);
                long handle = number(closer.ok(open(target)));
                CompletableFuture<JsonObject> exec = CompletableFuture.supplyAsync(() -> spawner.reply(
                        "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/bin/echo\",\"arg\":[\"child\"],"
                                + "\"handle_stdout\":" + handle + "}}"));
                closer.ok("{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + handle + "}}");
                long other = number(closer.ok(open(bystander)));
                JsonObject reply = exec.get();
                if (reply.has("return")) {
                    spawner.awaitExit(number(((JsonObject) reply.get("return")).get("pid")));
                }
                closer.ok("{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + other + "}}");
                assertThat(Files.size(bystander)).as("round %d: %s", round, ExecSession.show(reply)).isZero();
            }
            assertThat(Zombies.childrenOf(agent.pid())).isEmpty();
        }
    }

    @Test
    @JgaOnly("qemu-ga keeps every captured byte however small its memory; the JVM's heap is a hard limit")
    void heavyCaptureOnASmallHeapLeavesExecWorkingAndNoStrayByte() throws IOException {
        try (AgentUnderTest agent = AgentUnderTest.start(List.of(), Map.of("JGA_JAVA_OPTS", "-Xmx40m"));
                ExecSession session = new ExecSession(agent.connect())) {
            for (int i = 0; i < 4; i++) {
                session.exec("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"head -c 16777216 /dev/zero; exec sleep 2\"],"
                        + "\"capture-output\":true}");
            }
            AgentUnderTest.sleep(Duration.ofSeconds(3));
            List<Long> handles = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                handles.add(number(session.ok(open(agent.dir().resolve("v" + i)))));
            }
            JsonObject status = session.run("{\"path\":\"/bin/true\"}");
            assertThat(bool(status.get("exited"))).isTrue();
            for (long handle : handles) {
                session.ok("{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + handle + "}}");
            }
            for (int i = 0; i < 4; i++) {
                assertThat(Files.size(agent.dir().resolve("v" + i))).as("v" + i).isZero();
            }
            AgentUnderTest.sleep(Duration.ofSeconds(1)); // the big children's sleep 2 is over by now
            assertThat(Zombies.childrenOf(agent.pid())).isEmpty();
        }
    }

    private static String open(Path path) {
        return "{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"" + path + "\",\"mode\":\"w\"}}";
    }
}
