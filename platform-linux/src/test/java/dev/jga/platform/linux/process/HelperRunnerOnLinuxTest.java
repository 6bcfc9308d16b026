// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import static dev.jga.protocol.wire.Messages.HWCLOCK_ACTION;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.agent.command.helper.HelperCommand;
import dev.jga.agent.command.helper.SpawningHelperRunner;
import dev.jga.agent.platform.ProcessLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qemu-ga's ga_run_command errors (qga/commands-posix.c) from real helpers started by the Linux
 * launcher, as guest-set-time's hwclock fails on a guest without one or without an RTC.
 */
class HelperRunnerOnLinuxTest {

    @TempDir
    Path root;

    private final ProcessLauncher launcher = LinuxProcessLauncher.create().orElseThrow();
    private final SpawningHelperRunner runner = new SpawningHelperRunner(launcher, Duration.ofSeconds(1));

    @AfterEach
    void close() {
        launcher.close();
    }

    @Test
    void aMissingHwclockFailsAsQemusChildReportsIt() {
        Path hwclock = root.resolve("sbin/hwclock");
        assertThatThrownBy(() -> HelperCommand.run(runner, List.of(hwclock.toString(), "-s"), Optional.empty(),
                HWCLOCK_ACTION)).hasMessage("child process has failed to set hardware clock to system time: "
                        + "failed to exec '" + hwclock + "': No such file or directory\n");
    }

    @Test
    void aFailingHwclockHasItsOutputInTheError() throws IOException {
        Path hwclock = script("echo \"hwclock: Cannot access the Hardware Clock via any known method.\"\nexit 1\n");
        assertThatThrownBy(() -> HelperCommand.run(runner, List.of(hwclock.toString(), "-w"), Optional.empty(),
                HWCLOCK_ACTION)).hasMessage("child process has failed to set hardware clock to system time: "
                        + "hwclock: Cannot access the Hardware Clock via any known method.\n");
    }

    @Test
    void standardErrorSharesThePipeWithStandardOutput() throws IOException {
        Path hwclock = script("echo out\necho err >&2\nexit 2\n");
        assertThatThrownBy(() -> HelperCommand.run(runner, List.of(hwclock.toString(), "-w"), Optional.empty(),
                HWCLOCK_ACTION)).hasMessage("child process has failed to set hardware clock to system time: out\nerr\n");
    }

    private Path script(String body) throws IOException {
        Path script = root.resolve("hwclock");
        Files.writeString(script, "#!/bin/sh\n" + body);
        script.toFile().setExecutable(true);
        return script;
    }
}
