// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.agent.command.helper.RecordingRunner;
import dev.jga.agent.log.Log;
import dev.jga.agent.platform.ExitStatus;
import dev.jga.protocol.schema.PowerCommand.Shutdown;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command lines guest-shutdown and guest-suspend-* build, on a fixture root and a runner that
 * runs nothing: no test may power this machine down.
 */
class PowerHandlersTest {

    @TempDir
    Path root;

    private final RecordingRunner runner = new RecordingRunner();
    private final Log log = new Log(new PrintStream(PrintStream.nullOutputStream()), false);

    private PowerHandlers handlers() {
        return new PowerHandlers(runner, root, log);
    }

    @Test
    void withoutPoweroffTheDefaultModeRunsShutdownWithQemusArguments() {
        handlers().shutdown(new Shutdown(Optional.empty()));
        assertThat(runner.calls()).containsExactly(new RecordingRunner.Call(List.of(root + "/sbin/shutdown", "-h",
                "-P", "+0", "hypervisor initiated shutdown"), Optional.empty()));
    }

    @Test
    void haltAndRebootPassTheirFlags() {
        assertThat(handlers().shutdownCommand("halt")).containsSubsequence("-h", "-H", "+0");
        assertThat(handlers().shutdownCommand("reboot")).containsSubsequence("-h", "-r", "+0");
    }

    @Test
    void anExecutableSbinProgramOfTheModeIsRunAlone() throws IOException {
        executable("sbin/poweroff");
        executable("sbin/reboot");
        assertThat(handlers().shutdownCommand("powerdown")).containsExactly(root + "/sbin/poweroff");
        assertThat(handlers().shutdownCommand("reboot")).containsExactly(root + "/sbin/reboot");
        assertThat(handlers().shutdownCommand("halt")).first().isEqualTo(root + "/sbin/shutdown");
    }

    @Test
    void anUnknownModeIsRefusedWithQemusUnclosedParenthesisAndRunsNothing() {
        assertThatThrownBy(() -> handlers().shutdown(new Shutdown(Optional.of("hibernate"))))
                .isInstanceOf(QgaError.class)
                .hasMessage("mode is invalid (valid values are: halt|powerdown|reboot");
        assertThat(runner.calls()).isEmpty();
    }

    @Test
    void aFailingShutdownIsAnError() {
        runner.then(new ExitStatus.Exited(1), "Failed to talk to init daemon.\n");
        assertThatThrownBy(() -> handlers().shutdown(new Shutdown(Optional.of("reboot"))))
                .hasMessage("child process has failed to shutdown: Failed to talk to init daemon.\n");
    }

    @Test
    void suspendAsksSystemdFirstAndUsesItWhenTheUnitExists() {
        runner.then(new ExitStatus.Exited(3), ""); // systemctl status: unit known, not running
        new Suspend(runner, root.resolve("sys/power/state")).enter(SuspendMode.RAM);
        assertThat(runner.calls()).extracting(RecordingRunner.Call::argv).containsExactly(
                List.of("systemctl", "status", "systemd-suspend"), List.of("systemctl", "suspend"));
    }

    @Test
    void withoutSystemdOrPmUtilsSuspendWritesTheSysfsState() throws IOException {
        runner.then(new ExitStatus.Exited(4), "").then(new ExitStatus.Exited(1), "");
        Path state = Files.createDirectories(root.resolve("sys/power")).resolve("state");
        Files.writeString(state, "freeze mem disk\n");
        new Suspend(runner, state).enter(SuspendMode.DISK);
        assertThat(runner.calls()).extracting(RecordingRunner.Call::argv).containsExactly(
                List.of("systemctl", "status", "systemd-hibernate"), List.of("pm-is-supported", "--hibernate"));
        assertThat(state).hasContent("disk");
    }

    @Test
    void aModeNoMechanismOffersIsNotSupported() {
        runner.then(new ExitStatus.Exited(4), "").then(new ExitStatus.Exited(1), "");
        assertThatThrownBy(() -> new Suspend(runner, root.resolve("sys/power/state")).enter(SuspendMode.RAM))
                .hasMessage("the requested suspend mode is not supported by the guest");
    }

    @Test
    void aFailedSystemctlVerbIsReportedWithItsStatus() {
        runner.then(new ExitStatus.Exited(1), "").then(new ExitStatus.Exited(5), "")
                .then(new ExitStatus.Exited(1), "");
        // systemd claims the mode, "systemctl hybrid-sleep" fails, pm-utils lacks it, sysfs has no hybrid word
        assertThatThrownBy(() -> new Suspend(runner, root.resolve("sys/power/state")).enter(SuspendMode.HYBRID))
                .hasMessage("unknown guest suspend mode");
    }

    private void executable(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
