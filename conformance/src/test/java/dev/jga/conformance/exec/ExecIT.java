// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import static dev.jga.conformance.exec.ExecSession.b64;
import static dev.jga.conformance.exec.ExecSession.bool;
import static dev.jga.conformance.exec.ExecSession.bytes;
import static dev.jga.conformance.exec.ExecSession.number;
import static dev.jga.conformance.exec.ExecSession.show;
import static dev.jga.conformance.exec.ExecSession.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * guest-exec as upstream defines it (qga/qapi-schema.json guest-exec, qga/commands.c qmp_guest_exec and
 * qmp_guest_exec_status) and as libvirt and Proxmox call it, in what
 * qemu-ga 7.2 shares with current upstream: boolean capture-output, env, input-data, exit codes
 * and signals, spawn failures. Runs against jga and against the installed qemu-ga.
 */
class ExecIT extends SessionPerTest {

    @Test
    void proxmoxFlowReturnsEchoOutputOnceExited() {
        JsonObject status = session.run("{\"capture-output\":true,\"path\":\"/bin/echo\",\"arg\":[\"hi\"]}");
        assertThat(number(status.get("exitcode"))).isZero();
        assertThat(show(status.get("out-data"))).isEqualTo("\"aGkK\"");
        assertThat(bool(status.get("out-truncated"))).isFalse();
        assertThat(status.has("signal")).isFalse();
        assertThat(status.has("err-data")).isFalse();
    }

    @Test
    void exitCodeIsNotConfusedWithASignal() {
        JsonObject exited = session.run("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"exit 137\"]}");
        assertThat(number(exited.get("exitcode"))).isEqualTo(137);
        assertThat(exited.has("signal")).isFalse();
        JsonObject killed = session.run("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"kill -9 $$\"]}");
        assertThat(number(killed.get("signal"))).isEqualTo(9);
        assertThat(killed.has("exitcode")).isFalse();
    }

    @Test
    void emptyOutputLeavesOutDataAndTruncatedOut() {
        JsonObject status = session.run("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"exit 0\"],\"capture-output\":true}");
        assertThat(status.members().keySet()).containsExactlyInAnyOrder("exited", "exitcode");
    }

    @dev.jga.testkit.QemuGa10Differs("qemu-ga 10.0.13 answers 'PID ld does not exist' (its format string prints no number); jga names the pid, as 7.2 does")
    @Test
    void runningChildReportsOnlyExitedFalseAndIsForgottenAfterExit() {
        long pid = session.exec("{\"path\":\"/bin/sleep\",\"arg\":[\"0.3\"],\"capture-output\":true}");
        assertThat(show(session.status(pid))).isEqualTo("{\"exited\": false}");
        session.awaitExit(pid);
        String desc = session.error("{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}");
        assertThat(desc).isIn("PID " + pid + " does not exist", "Invalid parameter 'pid'");
    }

    @Test
    void separatedCaptureKeepsStdoutAndStderrApart() {
        JsonObject status = session.run("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"echo out; echo err >&2\"],"
                + "\"capture-output\":true}");
        assertThat(text(status.get("out-data"))).isEqualTo("out\n");
        assertThat(text(status.get("err-data"))).isEqualTo("err\n");
    }

    @Test
    void outputBeyondSixteenMebibytesIsTruncatedToExactlyThat() {
        JsonObject status = session.run("{\"path\":\"/usr/bin/head\",\"arg\":[\"-c\",\"20971520\",\"/dev/zero\"],"
                + "\"capture-output\":true}");
        assertThat(bytes(status.get("out-data"))).hasSize(16 * 1024 * 1024);
        assertThat(bool(status.get("out-truncated"))).isTrue();
    }

    @Test
    void inputDataReachesStdinByteForByteEvenWhenNotUtf8() {
        byte[] data = new byte[256 * 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        JsonObject status = session.run("{\"path\":\"/bin/cat\",\"input-data\":\"" + b64(data) + "\",\"capture-output\":true}");
        assertThat(bytes(status.get("out-data"))).isEqualTo(data);
    }

    @Test
    void inputDataIsDecodedAsGlibDoesMissingPaddingTruncates() {
        JsonObject status = session.run("{\"path\":\"/bin/cat\",\"input-data\":\"aGVsbG8\",\"capture-output\":true}");
        assertThat(text(status.get("out-data"))).isEqualTo("hel");
    }

    @Test
    void badBase64StartsNothing() {
        assertThat(session.execError("{\"path\":\"/bin/true\",\"input-data\":\"a b\"}"))
                .isEqualTo("Base64 data contains invalid characters");
    }

    @Test
    void megabyteOfInputToAChildThatNeverReadsStillEndsNormally() {
        byte[] data = new byte[1024 * 1024];
        JsonObject status = session.run("{\"path\":\"/bin/true\",\"input-data\":\"" + b64(data) + "\"}");
        assertThat(number(status.get("exitcode"))).isZero();
    }

    @Test
    void stdinIsDevNullWithoutInputData() {
        JsonObject status = session.run("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"cat; readlink /proc/self/fd/0\"],"
                + "\"capture-output\":true}");
        assertThat(text(status.get("out-data"))).isEqualTo("/dev/null\n");
    }

    @Test
    void onlyDescriptorsZeroToTwoAreOpenInTheChild() {
        JsonObject status = session.run("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"ls /proc/$$/fd\"],\"capture-output\":true}");
        assertThat(text(status.get("out-data"))).isEqualTo("0\n1\n2\n");
    }

    @Test
    void argvZeroIsThePathAsGiven() {
        JsonObject status = session.run("{\"path\":\"sh\",\"arg\":[\"-c\",\"echo $0\"],\"capture-output\":true}");
        assertThat(text(status.get("out-data"))).isEqualTo("sh\n");
    }

    @Test
    void envReplacesTheWholeEnvironment() {
        JsonObject status = session.run("{\"path\":\"env\",\"env\":[\"FOO=bar\"],\"capture-output\":true}");
        assertThat(text(status.get("out-data"))).isEqualTo("FOO=bar\n");
        JsonObject empty = session.run("{\"path\":\"/usr/bin/env\",\"env\":[],\"capture-output\":true}");
        assertThat(empty.has("out-data")).isFalse();
    }

    @Test
    void pathIsSearchedInTheChildsPathWhenItHasOne() {
        assertThat(session.execError("{\"path\":\"env\",\"env\":[\"FOO=bar\",\"PATH=/nonexistent\"]}"))
                .contains("Failed to execute child process \u201cenv\u201d (No such file or directory)");
    }

    @Test
    void scriptWithoutShebangRunsThroughBinSh() throws IOException {
        Path script = agent.dir().resolve("noshebang");
        Files.writeString(script, "echo script:$0:$1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        JsonObject direct = session.run("{\"path\":\"" + script + "\",\"arg\":[\"one\"],\"capture-output\":true}");
        assertThat(text(direct.get("out-data"))).isEqualTo("script:" + script + ":one\n");
        JsonObject searched = session.run("{\"path\":\"noshebang\",\"env\":[\"PATH=" + agent.dir() + "\"],"
                + "\"capture-output\":true}");
        assertThat(text(searched.get("out-data"))).isEqualTo("script:" + script + ":\n");
    }

    @Test
    void programsThatCannotStartAreGenericErrorsWithGlibsText() throws IOException {
        Path plain = Files.writeString(agent.dir().resolve("not-executable"), "echo x\n");
        assertThat(session.execError("{\"path\":\"/bin/invalid-cmd42\"}"))
                .contains("Failed to execute child process \u201c/bin/invalid-cmd42\u201d (No such file or directory)");
        assertThat(session.execError("{\"path\":\"" + agent.dir() + "\"}"))
                .contains("\u201c" + agent.dir() + "\u201d (Permission denied)");
        assertThat(session.execError("{\"path\":\"" + plain + "\"}")).contains("(Permission denied)");
        assertThat(session.execError("{\"path\":\"\"}"))
                .contains("Failed to execute child process \u201c\u201d (No such file or directory)");
        assertThat(number(session.run("{\"path\":\"/bin/true\"}").get("exitcode"))).isZero();
    }

    @Test
    void sixtyFourConcurrentChildrenAllReportTheirOwnOutput() {
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            pids.add(session.exec("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"sleep 0.2; echo child " + i + "; exit " + i
                    + "\"],\"capture-output\":true}"));
        }
        for (int i = 0; i < 64; i++) {
            JsonObject status = session.awaitExit(pids.get(i));
            assertThat(text(status.get("out-data"))).isEqualTo("child " + i + "\n");
            assertThat(number(status.get("exitcode"))).isEqualTo(i);
        }
    }

    @Test
    void thousandExecsLeaveNoZombieAndNoDescriptor() throws IOException {
        session.run("{\"path\":\"/bin/true\",\"capture-output\":true}"); // warm up whatever is lazy
        int fdsBefore = agent.stats().openFds();
        for (int i = 0; i < 1000; i++) {
            String capture = i % 2 == 0 ? "true" : "false";
            session.run("{\"path\":\"/bin/echo\",\"arg\":[\"" + i + "\"],\"capture-output\":" + capture + "}");
        }
        assertThat(agent.stats().openFds()).isEqualTo(fdsBefore);
        assertThat(Zombies.childrenOf(agent.pid())).isEmpty();
    }
}
