// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import static dev.jga.conformance.exec.ExecSession.bool;
import static dev.jga.conformance.exec.ExecSession.number;
import static dev.jga.conformance.exec.ExecSession.string;
import static dev.jga.conformance.exec.ExecSession.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonObject;
import dev.jga.testkit.JgaOnly;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The {@code __dev.jga_} supervision extensions of guest-exec, over the socket. */
@JgaOnly("qemu-ga has none of the __dev.jga_ extensions; QemuGaLacksSupervisionIT checks that it rejects them")
class SupervisedExecIT extends SessionPerTest {

    private static final String TREE = "\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"sleep 100 & sleep 100\"]";
    private static final String IGNORES_TERM = "\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"trap '' TERM; sleep 100 & sleep 100\"]";

    @Test
    void aTimeoutTerminatesTheWholeProcessGroupAndSaysSo() throws IOException {
        long pid = session.exec("{" + TREE + ",\"__dev.jga_timeout\":0.3}");
        JsonObject status = session.awaitExit(pid, Duration.ofSeconds(10));
        assertThat(bool(status.get("__dev.jga_timed-out"))).isTrue();
        assertThat(number(status.get("signal"))).isEqualTo(15);
        assertThat(ProcessGroups.awaitEmpty(pid, 2000)).as("survivors in group %d", pid).isEmpty();
        assertThat(Zombies.childrenOf(agent.pid())).isEmpty();
    }

    @Test
    void aTimedOutChildThatIgnoresTermIsKilledAfterTheKillGrace() throws IOException {
        long pid = session.exec("{" + IGNORES_TERM + ",\"__dev.jga_timeout\":0.2,\"__dev.jga_kill-grace\":0.3}");
        JsonObject status = session.awaitExit(pid, Duration.ofSeconds(10));
        assertThat(bool(status.get("__dev.jga_timed-out"))).isTrue();
        assertThat(number(status.get("signal"))).isEqualTo(9);
        assertThat(ProcessGroups.awaitEmpty(pid, 2000)).isEmpty();
    }

    @Test
    void aChildThatEndsBeforeItsTimeoutIsNotTimedOut() {
        JsonObject status = session.run("{\"path\":\"/bin/true\",\"__dev.jga_timeout\":30}");
        assertThat(status.members().keySet()).containsExactly("exited", "exitcode");
    }

    @Test
    void killSendsTermToTheGroupByDefault() throws IOException {
        long pid = session.exec("{" + TREE + "}");
        ExecSession.pause(100);
        assertThat(ExecSession.show(session.ok(kill(pid, "")))).isEqualTo("{}");
        JsonObject status = session.awaitExit(pid, Duration.ofSeconds(10));
        assertThat(number(status.get("signal"))).isEqualTo(15);
        assertThat(status.has("__dev.jga_timed-out")).isFalse();
        assertThat(ProcessGroups.awaitEmpty(pid, 2000)).isEmpty();
    }

    @Test
    void killWithAGraceEscalatesToKillForAChildThatIgnoresTerm() throws IOException {
        long pid = session.exec("{" + IGNORES_TERM + "}");
        ExecSession.pause(100);
        session.ok(kill(pid, ",\"signal\":\"TERM\",\"grace\":0.3"));
        ExecSession.pause(150);
        assertThat(bool(session.status(pid).get("exited"))).as("TERM is ignored").isFalse();
        JsonObject status = session.awaitExit(pid, Duration.ofSeconds(10));
        assertThat(number(status.get("signal"))).isEqualTo(9);
        assertThat(ProcessGroups.awaitEmpty(pid, 2000)).isEmpty();
    }

    @Test
    void killTakesSignalNumbersAndCanSpareTheRestOfTheGroup() throws IOException {
        long pid = session.exec("{" + TREE + "}");
        ExecSession.pause(100);
        session.ok(kill(pid, ",\"signal\":9,\"tree\":false"));
        JsonObject status = awaitExitKept(pid);
        assertThat(number(status.get("signal"))).isEqualTo(9);
        assertThat(ProcessGroups.liveMembers(pid)).as("both sleeps were spared").hasSize(2);
        session.ok(kill(pid, ",\"signal\":\"SIGKILL\""));
        assertThat(ProcessGroups.awaitEmpty(pid, 2000)).isEmpty();
        session.ok(status(pid, ""));
    }

    @Test
    void killRefusesUnknownPidsAndSignals() {
        assertThat(session.error(kill(0, ""))).isEqualTo("PID 0 does not exist");
        long pid = session.exec("{\"path\":\"/bin/sleep\",\"arg\":[\"5\"]}");
        assertThat(session.error(kill(pid, ",\"signal\":\"NOPE\""))).isEqualTo("Parameter 'signal': unknown signal 'NOPE'");
        assertThat(session.error(kill(pid, ",\"signal\":65"))).isEqualTo("Parameter 'signal': unknown signal '65'");
        assertThat(session.error(kill(pid, ",\"grace\":-1")))
                .isEqualTo("Parameter 'grace' must be a number of seconds from 0 to 86400");
        session.ok(kill(pid, ",\"signal\":\"KILL\""));
        session.awaitExit(pid);
    }

    @Test
    void aStatusReadWithKeepComesBackTheSameUntilReadWithout() {
        long pid = session.exec("{\"path\":\"/bin/echo\",\"arg\":[\"kept\"],\"capture-output\":true}");
        JsonObject first = awaitExitKept(pid);
        for (int i = 0; i < 3; i++) {
            assertThat(session.ok(status(pid, ",\"__dev.jga_keep\":true"))).isEqualTo(first);
        }
        assertThat(text(first.get("out-data"))).isEqualTo("kept\n");
        assertThat(session.ok(status(pid, ""))).isEqualTo(first);
        assertThat(session.error(status(pid, ""))).isEqualTo("PID " + pid + " does not exist");
    }

    @Test
    void outputIsReadByOffsetWhileTheChildRunsAndALostReplyLosesNothing() {
        String expected = IntStream.range(0, 30).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
        long pid = session.exec("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"i=0; while [ $i -lt 30 ]; do echo line $i;"
                + " i=$((i+1)); sleep 0.05; done\"],\"capture-output\":true}");
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int replies = 0;
        boolean sawOutputWhileRunning = false;
        while (true) {
            JsonObject reply = (JsonObject) session.ok(status(pid, ",\"__dev.jga_keep\":true,\"__dev.jga_out-offset\":"
                    + received.size()));
            replies++;
            if (replies % 3 == 0) {
                continue; // this reply is "lost": the next request asks from the same offset
            }
            byte[] data = reply.has("out-data") ? ExecSession.bytes(reply.get("out-data")) : new byte[0];
            received.writeBytes(data);
            assertThat(number(reply.get("__dev.jga_out-length"))).isEqualTo(received.size());
            boolean exited = bool(reply.get("exited"));
            sawOutputWhileRunning |= !exited && data.length > 0;
            if (exited) {
                break;
            }
            ExecSession.pause(30);
        }
        assertThat(received.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(sawOutputWhileRunning).isTrue();
        session.ok(status(pid, ""));
    }

    @Test
    void offsetsOutsideTheCapturedOutputAreRefused() {
        long pid = session.exec("{\"path\":\"/bin/echo\",\"arg\":[\"abc\"],\"capture-output\":\"stdout\"}");
        awaitExitKept(pid);
        assertThat(session.error(status(pid, ",\"__dev.jga_out-offset\":5")))
                .isEqualTo("Parameter '__dev.jga_out-offset' must be from 0 to the 4 bytes captured so far");
        assertThat(session.error(status(pid, ",\"__dev.jga_err-offset\":0")))
                .isEqualTo("Parameter '__dev.jga_err-offset': the child's stderr is not captured");
        JsonObject tail = (JsonObject) session.ok(status(pid, ",\"__dev.jga_out-offset\":2"));
        assertThat(text(tail.get("out-data"))).isEqualTo("c\n");
    }

    @Test
    void cwdIsTheChildsWorkingDirectory() {
        JsonObject status = session.run("{\"path\":\"/bin/pwd\",\"capture-output\":true,\"__dev.jga_cwd\":\"/tmp\"}");
        assertThat(text(status.get("out-data"))).isEqualTo("/tmp\n");
        JsonObject relative = session.run("{\"path\":\"./sh\",\"arg\":[\"-c\",\"pwd\"],\"capture-output\":true,"
                + "\"__dev.jga_cwd\":\"/bin\"}");
        assertThat(text(relative.get("out-data")).strip()).endsWith("bin");
    }

    @Test
    void aMissingOrUnusableCwdIsAnErrorAndStartsNothing() throws IOException {
        Path marker = agent.dir().resolve("cwd-marker");
        String touch = "\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"touch " + marker + "\"]";
        assertThat(session.execError("{" + touch + ",\"__dev.jga_cwd\":\"/nonexistent/dir\"}")).isEqualTo(
                "Parameter '__dev.jga_cwd': cannot use '/nonexistent/dir' as the working directory: No such file or directory");
        assertThat(session.execError("{" + touch + ",\"__dev.jga_cwd\":\"/etc/hostname\"}")).isEqualTo(
                "Parameter '__dev.jga_cwd': cannot use '/etc/hostname' as the working directory: Not a directory");
        ExecSession.pause(200);
        assertThat(Files.exists(marker)).isFalse();
    }

    @Test
    void envMergeAddsToTheAgentsEnvironment() {
        String program = "\"path\":\"/usr/bin/env\",\"capture-output\":true,\"env\":[\"JGA_TEST_VAR=merged\"]";
        String merged = text(session.run("{" + program + ",\"__dev.jga_env-merge\":true}").get("out-data"));
        assertThat(merged.lines()).contains("JGA_TEST_VAR=merged").anyMatch(line -> line.startsWith("PATH=/"));
        String replaced = text(session.run("{" + program + "}").get("out-data"));
        assertThat(replaced).as("without env-merge env replaces everything, as in qemu-ga")
                .isEqualTo("JGA_TEST_VAR=merged\n");
    }

    @Test
    void userRunsTheProgramAsThatUserWithItsPasswdEnvironment() {
        assumeTrue(isRoot(), "running as another user needs the agent to run as root");
        String program = "\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"id -u; id -g; echo $HOME:$USER:$LOGNAME\"],"
                + "\"capture-output\":true";
        JsonObject byName = session.run("{" + program + ",\"__dev.jga_user\":\"nobody\"}");
        assertThat(text(byName.get("out-data"))).isEqualTo("65534\n65534\n/nonexistent:nobody:nobody\n");
        JsonObject byUid = session.run("{" + program + ",\"__dev.jga_user\":\"65534\"}");
        assertThat(text(byUid.get("out-data"))).startsWith("65534\n");
    }

    @Test
    void anUnknownUserIsAnErrorAndStartsNothing() {
        assumeTrue(isRoot(), "the agent checks that it is root first");
        assertThat(session.execError("{\"path\":\"/bin/true\",\"__dev.jga_user\":\"no-such-user-jga\"}"))
                .isEqualTo("Parameter '__dev.jga_user': no user 'no-such-user-jga' in the guest's user database");
    }

    @Test
    void outOfRangeDurationsAreRefused() {
        assertThat(session.execError("{\"path\":\"/bin/true\",\"__dev.jga_timeout\":-1}"))
                .isEqualTo("Parameter '__dev.jga_timeout' must be a number of seconds from 0 to 86400");
        assertThat(session.execError("{\"path\":\"/bin/true\",\"__dev.jga_kill-grace\":1e9}"))
                .isEqualTo("Parameter '__dev.jga_kill-grace' must be a number of seconds from 0 to 86400");
        assertThat(session.execError("{\"path\":\"/bin/true\",\"__dev.jga_timeout\":\"5\"}"))
                .isEqualTo("Invalid parameter type for '__dev.jga_timeout', expected: number");
        session.ok("{\"execute\":\"guest-ping\"}");
    }

    @Test
    void theListShowsRunningAndExitedChildren() {
        long running = session.exec("{\"path\":\"/bin/sleep\",\"arg\":[\"5\"]}");
        long exited = session.exec("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"exit 3\"]}");
        awaitExitKept(exited);
        JsonArray list = (JsonArray) session.ok("{\"execute\":\"__dev.jga_guest-exec-list\"}");
        JsonObject sleeping = find(list, running);
        assertThat(string(sleeping.get("state"))).isEqualTo("running");
        assertThat(string(sleeping.get("path"))).isEqualTo("/bin/sleep");
        assertThat(ExecSession.show(sleeping.get("arg"))).isEqualTo("[\"5\"]");
        assertThat(number(sleeping.get("started"))).isGreaterThan(1_600_000_000L * 1_000_000_000L);
        assertThat(sleeping.has("exitcode")).isFalse();
        JsonObject done = find(list, exited);
        assertThat(string(done.get("state"))).isEqualTo("exited");
        assertThat(number(done.get("exitcode"))).isEqualTo(3);
        session.ok(kill(running, ",\"signal\":\"KILL\""));
        session.awaitExit(running);
        session.ok(status(exited, ""));
    }

    @Test
    void guestInfoListsTheExtensions() {
        String info = ExecSession.show(session.ok("{\"execute\":\"guest-info\"}"));
        assertThat(info).contains("\"__dev.jga_guest-exec-kill\"").contains("\"__dev.jga_guest-exec-list\"");
    }

    private JsonObject awaitExitKept(long pid) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonObject status = (JsonObject) session.ok(status(pid, ",\"__dev.jga_keep\":true"));
            if (bool(status.get("exited"))) {
                return status;
            }
            assertThat(System.nanoTime()).isLessThan(deadline);
            ExecSession.pause(5);
        }
    }

    private static JsonObject find(JsonArray list, long pid) {
        return list.elements().stream().map(JsonObject.class::cast)
                .filter(child -> number(child.get("pid")) == pid).findFirst()
                .orElseThrow(() -> new AssertionError("pid " + pid + " not in " + ExecSession.show(list)));
    }

    static String kill(long pid, String more) {
        return "{\"execute\":\"__dev.jga_guest-exec-kill\",\"arguments\":{\"pid\":" + pid + more + "}}";
    }

    static String status(long pid, String more) {
        return "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + more + "}}";
    }

    private static boolean isRoot() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                    .anyMatch(line -> line.startsWith("Uid:") && line.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}
