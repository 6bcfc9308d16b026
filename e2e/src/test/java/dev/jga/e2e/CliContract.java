// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import static dev.jga.e2e.QgaReplies.integer;
import static dev.jga.e2e.QgaReplies.returned;
import static dev.jga.e2e.QgaReplies.returnedInteger;
import static dev.jga.e2e.QgaReplies.returnedObject;
import static dev.jga.e2e.VirtioSerialContract.command;
import static dev.jga.e2e.VirtioSerialContract.fileOpen;
import static dev.jga.e2e.VirtioSerialContract.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host CLI over a real virtio-serial port: {@code bin/jga --socket <port socket> exec} and
 * {@code cp}, as a user types them. Subclasses boot the guest with jga (exec streams through pipe
 * handles) or with qemu-ga (exec falls back to capture-output).
 */
@Tag("vm")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
abstract class CliContract {

    /** The copied file: a few hundred KB, so the copy takes several guest-file-read/write chunks. */
    static final int FILE_SIZE = 700 * 1024 + 17;

    @TempDir
    Path local;

    private JgaCli jga;

    abstract VmExtension vm();

    @BeforeEach
    void cli() {
        jga = new JgaCli(ProjectLayout.fromBuild(), vm().vm().qgaSocket(), local);
    }

    @Test
    void execRunsUnameInTheGuest() throws Exception {
        JgaCli.Result result = jga.run("exec", "--", "uname", "-a");

        assertThat(result.exitStatus()).as("stderr: %s", result.stderr()).isZero();
        assertThat(result.stdout()).startsWith("Linux vmguest ").contains(" x86_64").endsWith("\n");
    }

    @Test
    void execPassesOutputAndExitStatusThrough() throws Exception {
        JgaCli.Result result = jga.run("exec", "--", "/bin/sh", "-c", "echo out; echo err >&2; exit 7");

        assertThat(result.exitStatus()).as("stderr: %s", result.stderr()).isEqualTo(7);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).contains("err\n");
    }

    @Test
    void cpCopiesAFileIntoTheGuestAndBackByteExact() throws Exception {
        byte[] content = new byte[FILE_SIZE];
        new Random(0x6370L).nextBytes(content);
        Path upload = Files.write(local.resolve("upload.bin"), content);
        Path download = local.resolve("download.bin");
        String guestPath = "/tmp/jga-e2e-cp-" + Long.toHexString(newId()) + ".bin";

        JgaCli.Result up = jga.run("cp", upload.toString(), "guest:" + guestPath);
        assertThat(up.exitStatus()).as("stderr: %s", up.stderr()).isZero();
        assertThat(guestFileSize(guestPath)).as("the file's size in the guest").isEqualTo(FILE_SIZE);
        JgaCli.Result down = jga.run("cp", "guest:" + guestPath, download.toString());
        assertThat(down.exitStatus()).as("stderr: %s", down.stderr()).isZero();

        assertThat(Files.readAllBytes(download)).isEqualTo(content);
    }

    /** Checked with the raw client, so the upload is seen in the guest and not only through the CLI. */
    private long guestFileSize(String path) throws IOException {
        try (QgaConnection host = vm().connect()) {
            host.syncDelimited();
            long handle = returnedInteger(host.execute(fileOpen(path, "r")));
            long size = integer(returnedObject(host.execute(command("guest-file-seek",
                    "{\"handle\":" + handle + ",\"offset\":0,\"whence\":\"end\"}"))), "position");
            returned(host.execute(command("guest-file-close", "{\"handle\":" + handle + "}")));
            return size;
        }
    }
}
