// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import static dev.jga.e2e.QgaReplies.bool;
import static dev.jga.e2e.QgaReplies.integer;
import static dev.jga.e2e.QgaReplies.returned;
import static dev.jga.e2e.QgaReplies.returnedInteger;
import static dev.jga.e2e.QgaReplies.returnedObject;
import static dev.jga.e2e.VirtioSerialContract.bytesOf;
import static dev.jga.e2e.VirtioSerialContract.command;
import static dev.jga.e2e.VirtioSerialContract.fileRead;
import static dev.jga.e2e.VirtioSerialContract.fileWrite;
import static dev.jga.e2e.VirtioSerialContract.newId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * guest-exec against jga in the guest: the upstream design (the inherited tests) and the founding
 * design's pipe handles (guest-pipe-open; the child's streams read and written with guest-file-*
 * while it runs), which qemu-ga does not have.
 */
class JgaExecOverVirtioSerialIT extends ExecContract {

    @RegisterExtension
    static final VmExtension VM = VmExtension.running(GuestAgent.Jga.onDefaultVirtioSerialPort());

    @Override
    VmExtension vm() {
        return VM;
    }

    @Test
    void foundingExecWritesStdoutIntoAPipeHandle() throws IOException, InterruptedException {
        try (QgaConnection host = vm().connect()) {
            host.syncDelimited();
            long out = returnedInteger(host.execute(pipeOpen("r")));
            long pid = integer(returnedObject(host.execute(command("guest-exec",
                    "{\"path\":\"/bin/busybox\",\"params\":[\"echo\",\"founding design\"],\"handle_stdout\":" + out
                            + "}"))), "pid");

            String output = readToEof(host, out);
            returned(host.execute(command("guest-file-close", "{\"handle\":" + out + "}")));
            JsonObject status = awaitExit(host, pid);

            assertThat(output).isEqualTo("founding design\n");
            assertThat(integer(status, "exit")).isZero();
            assertThat(integer(status, "signal")).isEqualTo(-1);
            assertThat(integer(status, "handle_stdout")).isEqualTo(out);
            assertThat(integer(status, "handle_stdin")).isEqualTo(-1);
            assertThat(integer(status, "handle_stderr")).isEqualTo(-1);
        }
    }

    @Test
    void foundingExecReadsStdinFromAPipeTheHostWritesAndCloses() throws IOException, InterruptedException {
        try (QgaConnection host = vm().connect()) {
            host.syncDelimited();
            long in = returnedInteger(host.execute(pipeOpen("w")));
            long out = returnedInteger(host.execute(pipeOpen("r")));
            long pid = integer(returnedObject(host.execute(command("guest-exec",
                    "{\"path\":\"/bin/busybox\",\"params\":[\"tr\",\"a-z\",\"A-Z\"],\"handle_stdin\":" + in
                            + ",\"handle_stdout\":" + out + "}"))), "pid");

            JsonObject written = returnedObject(host.execute(
                    fileWrite(in, "over virtio-serial\n".getBytes(StandardCharsets.UTF_8))));
            assertThat(integer(written, "count")).isEqualTo(19);
            returned(host.execute(command("guest-file-close", "{\"handle\":" + in + "}"))); // the child's EOF
            String output = readToEof(host, out);
            returned(host.execute(command("guest-file-close", "{\"handle\":" + out + "}")));

            assertThat(output).isEqualTo("OVER VIRTIO-SERIAL\n");
            assertThat(integer(awaitExit(host, pid), "exit")).isZero();
        }
    }

    private static String pipeOpen(String mode) {
        return command("guest-pipe-open", "{\"mode\":\"" + mode + "\"}");
    }

    /** guest-file-read on a pipe never blocks: poll until eof, bounded by {@link #EXIT_TIMEOUT}. */
    private static String readToEof(QgaConnection host, long handle) throws IOException, InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
        while (true) {
            JsonObject read = returnedObject(host.execute(fileRead(handle, 4096)));
            bytes.writeBytes(bytesOf(read));
            if (bool(read, "eof")) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no eof on pipe handle " + handle + " within " + EXIT_TIMEOUT + "; read: "
                        + bytes.toString(StandardCharsets.UTF_8));
            }
            if (integer(read, "count") == 0) {
                Thread.sleep(POLL_INTERVAL);
            }
        }
    }
}
