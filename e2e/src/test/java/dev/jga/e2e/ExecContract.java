// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import static dev.jga.e2e.QgaReplies.bool;
import static dev.jga.e2e.QgaReplies.integer;
import static dev.jga.e2e.QgaReplies.returnedObject;
import static dev.jga.e2e.QgaReplies.string;
import static dev.jga.e2e.VirtioSerialContract.command;
import static dev.jga.e2e.VirtioSerialContract.newId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * guest-exec as QEMU ships it (2.5; capture-output), over a real virtio-serial port: a program
 * runs in the guest and its exit code and captured output come back through guest-exec-status.
 * Subclasses boot the guest with jga or with the real qemu-ga.
 */
@Tag("vm")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
abstract class ExecContract {

    /** Longest a short guest program may take to be reported exited (busybox under TCG: well under 1 s). */
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    /** Pause between guest-exec-status polls (it never blocks). */
    static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    abstract VmExtension vm();

    @Test
    void execCapturesTheOutputOfBusyboxUname() throws IOException, InterruptedException {
        try (QgaConnection host = vm().connect()) {
            host.syncDelimited();
            long pid = integer(returnedObject(host.execute(command("guest-exec",
                    "{\"path\":\"/bin/busybox\",\"arg\":[\"uname\",\"-a\"],\"capture-output\":true}"))), "pid");

            JsonObject status = awaitExit(host, pid);

            assertThat(integer(status, "exitcode")).isZero();
            assertThat(decoded(status, "out-data")).startsWith("Linux vmguest ").contains(" x86_64").endsWith("\n");
            assertThat(bool(status, "out-truncated")).isFalse();
        }
    }

    @Test
    void execFeedsInputDataAndReportsStderrAndExitCode() throws IOException, InterruptedException {
        String input = Base64.getEncoder().encodeToString("line one\nline two\n".getBytes(StandardCharsets.UTF_8));
        try (QgaConnection host = vm().connect()) {
            host.syncDelimited();
            long pid = integer(returnedObject(host.execute(command("guest-exec",
                    "{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"/bin/busybox wc -l; echo oops >&2; exit 3\"],"
                            + "\"input-data\":\"" + input + "\",\"capture-output\":true}"))), "pid");

            JsonObject status = awaitExit(host, pid);

            assertThat(integer(status, "exitcode")).isEqualTo(3);
            assertThat(decoded(status, "out-data").strip()).isEqualTo("2");
            assertThat(decoded(status, "err-data")).isEqualTo("oops\n");
        }
    }

    /** Polls guest-exec-status until the program has exited; returns that (last) status. */
    static JsonObject awaitExit(QgaConnection host, long pid) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
        while (true) {
            JsonObject status = returnedObject(host.execute(command("guest-exec-status", "{\"pid\":" + pid + "}")));
            if (bool(status, "exited")) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pid " + pid + " not reported exited within " + EXIT_TIMEOUT);
            }
            Thread.sleep(POLL_INTERVAL);
        }
    }

    static String decoded(JsonObject status, String member) {
        return new String(Base64.getDecoder().decode(string(status, member)), StandardCharsets.UTF_8);
    }
}
