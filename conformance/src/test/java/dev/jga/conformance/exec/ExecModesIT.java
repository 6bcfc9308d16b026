// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import static dev.jga.conformance.exec.ExecSession.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.JsonObject;
import dev.jga.testkit.JgaOnly;
import dev.jga.testkit.QemuGaOnly;
import dev.jga.testkit.QemuVersionDiffers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Where jga follows current upstream rather than 7.2 (capture-output modes, error texts), and
 * where it deliberately differs from both (the output grace period, docs/compatibility.md).
 */
class ExecModesIT extends SessionPerTest {

    private static final String BOTH = "{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"echo 1; echo 2 >&2; echo 3; echo 4 >&2\"],";

    @dev.jga.testkit.QemuGa10Differs("qemu-ga 10.0.13 never reports capture-output \"stderr\" (nor, in some runs, \"stdout\") as exited:"
            + " the child is gone but qemu-ga itself holds a write end of a pipe (seen in /proc/PID/fd), and a status"
            + " poll may then get no reply; \"none\", \"merged\" and \"separated\" work (checked by hand)")
    @Test
    @QemuVersionDiffers("7.2 takes only a boolean capture-output; the modes came in 8.0")
    void captureModesSendEachStreamWhereTheyNameIt() {
        JsonObject merged = session.run(BOTH + "\"capture-output\":\"merged\"}");
        assertThat(text(merged.get("out-data"))).isEqualTo("1\n2\n3\n4\n");
        assertThat(merged.has("err-data")).isFalse();
        JsonObject stdout = session.run(BOTH + "\"capture-output\":\"stdout\"}");
        assertThat(text(stdout.get("out-data"))).isEqualTo("1\n3\n");
        assertThat(stdout.has("err-data")).isFalse();
        JsonObject stderr = session.run(BOTH + "\"capture-output\":\"stderr\"}");
        assertThat(text(stderr.get("err-data"))).isEqualTo("2\n4\n");
        assertThat(stderr.has("out-data")).isFalse();
        JsonObject none = session.run(BOTH + "\"capture-output\":\"none\"}");
        assertThat(none.members().keySet()).containsExactlyInAnyOrder("exited", "exitcode");
        JsonObject separated = session.run(BOTH + "\"capture-output\":\"separated\"}");
        assertThat(text(separated.get("out-data")) + text(separated.get("err-data"))).isEqualTo("1\n3\n2\n4\n");
    }

    @dev.jga.testkit.QemuGa10Differs("7.2's behaviour; 10.0 takes the capture-output modes")
    @Test
    @QemuGaOnly("captureModesSendEachStreamWhereTheyNameIt: 7.2 predates the modes")
    void qemuGa72TakesOnlyABooleanCaptureOutput() {
        assertThat(session.execError(BOTH + "\"capture-output\":\"merged\"}"))
                .isEqualTo("Invalid parameter type for 'capture-output', expected: boolean");
    }

    @Test
    @QemuVersionDiffers("7.2 wraps glib's text: Guest agent command failed, error was '…'")
    void spawnFailureIsGlibsTextAlone() {
        assertThat(session.execError("{\"path\":\"/bin/invalid-cmd42\"}"))
                .isEqualTo("Failed to execute child process \u201c/bin/invalid-cmd42\u201d (No such file or directory)");
    }

    @Test
    @QemuVersionDiffers("7.2 says Invalid parameter 'pid'; current upstream means PID N does not exist")
    @dev.jga.testkit.QemuGa10Differs("qemu-ga 10.0.13 answers 'PID ld does not exist' (its format string prints no number); jga names the pid")
    void unknownPidNamesThePid() {
        assertThat(session.error("{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":0}}"))
                .isEqualTo("PID 0 does not exist");
    }

    @Test
    @JgaOnly("qemu-ga reports exited:false for as long as a background grandchild holds the output pipe")
    void backgroundGrandchildHoldingTheOutputDelaysExitedAtMostTheGracePeriod() {
        long start = System.nanoTime();
        long pid = session.exec("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"(sleep 8; echo late) & echo early\"],"
                + "\"capture-output\":true}");
        JsonObject status = session.awaitExit(pid, Duration.ofSeconds(6));
        assertThat(System.nanoTime() - start).isGreaterThan(Duration.ofMillis(1500).toNanos());
        assertThat(text(status.get("out-data"))).isEqualTo("early\n");
    }

    @Test
    @QemuGaOnly("backgroundGrandchildHoldingTheOutputDelaysExitedAtMostTheGracePeriod: jga gives up after 2 s")
    void qemuGaWaitsForTheGrandchild() {
        long pid = session.exec("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"(sleep 5; echo late) & echo early\"],"
                + "\"capture-output\":true}");
        ExecSession.pause(3500);
        assertThat(session.status(pid).members().keySet()).containsExactly("exited");
        JsonObject status = session.awaitExit(pid, Duration.ofSeconds(10));
        assertThat(text(status.get("out-data"))).isEqualTo("early\nlate\n");
    }
}
