// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.agent.platform.SystemError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host name read from a fixture root laid out as /proc is. */
class ProcHostNameTest {

    @TempDir
    Path root;

    @Test
    void readsTheNameWithoutTheKernelsNewline() throws IOException {
        write("guest-7.example.org\n");

        assertThat(new ProcHostName(root).read()).isEqualTo("guest-7.example.org");
    }

    @Test
    void readsTheNameAgainAtEachCall() throws IOException {
        ProcHostName hostName = new ProcHostName(root);
        write("before\n");
        assertThat(hostName.read()).isEqualTo("before");

        write("after-dhcp\n");
        assertThat(hostName.read()).isEqualTo("after-dhcp");
    }

    @Test
    void aMissingFileIsASystemErrorWithItsErrno() {
        assertThatThrownBy(() -> new ProcHostName(root).read())
                .isInstanceOfSatisfying(SystemError.class,
                        e -> assertThat(e.strerror()).isEqualTo("No such file or directory"));
    }

    private void write(String content) throws IOException {
        Path file = root.resolve("proc/sys/kernel/hostname");
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
