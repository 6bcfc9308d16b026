// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidfileTest {

    @TempDir
    Path dir;

    @Test
    void writesThePidWithMode0600AndRemovesTheFileAtClose() throws Exception {
        Path path = dir.resolve("qemu-ga.pid");
        try (Pidfile pidfile = Pidfile.acquire(path, 4242)) {
            assertThat(Files.readString(path)).isEqualTo("4242\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
            assertThat(pidfile.path()).isEqualTo(path);
        }
        assertThat(path).doesNotExist();
    }

    @Test
    void staleContentIsReplaced() throws Exception {
        Path path = dir.resolve("pid");
        Files.writeString(path, "123456789\n");
        try (Pidfile pidfile = Pidfile.acquire(path, 7)) {
            assertThat(Files.readString(path)).isEqualTo("7\n");
        }
    }

    @Test
    void secondLockInTheSameProcessFails() throws Exception {
        Path path = dir.resolve("pid");
        try (Pidfile first = Pidfile.acquire(path, 1)) {
            assertThatThrownBy(() -> Pidfile.acquire(path, 2))
                    .isInstanceOf(StartupException.class)
                    .hasMessage("Cannot lock pid file: Resource temporarily unavailable");
            assertThat(Files.readString(path)).isEqualTo("1\n");
        }
    }

    @Test
    void lockHeldByAnotherProcessFailsWithQemusMessage() throws Exception {
        Path path = dir.resolve("pid");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PidfileHolder.class.getName(), path.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> Pidfile.acquire(path, 2))
                    .isInstanceOf(StartupException.class)
                    .hasMessage("Cannot lock pid file: Resource temporarily unavailable")
                    .extracting(e -> ((StartupException) e).code()).isEqualTo(ExitCode.STARTUP);
            assertThat(Files.readString(path)).isEqualTo(holder.pid() + "\n");
        } finally {
            holder.getOutputStream().close(); // the holder exits at end of stdin
            holder.waitFor();
        }
        try (Pidfile mine = Pidfile.acquire(path, 3)) {
            assertThat(Files.readString(path)).isEqualTo("3\n");
        }
    }

    @Test
    void unwritableLocationFailsWithQemusMessage() {
        Path path = dir.resolve("missing").resolve("pid");
        assertThatThrownBy(() -> Pidfile.acquire(path, 1))
                .hasMessage("Could not create '" + path + "': No such file or directory");
    }

    @Test
    void aReplacedFileIsNotRemovedAtClose() throws Exception {
        Path path = dir.resolve("pid");
        Pidfile pidfile = Pidfile.acquire(path, 1);
        Files.delete(path);
        Files.writeString(path, "999\n");
        pidfile.close();
        assertThat(Files.readAllLines(path)).isEqualTo(List.of("999"));
    }
}
