// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.helper;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.agent.platform.ExitStatus;
import dev.jga.agent.platform.SystemError;
import dev.jga.protocol.wire.QgaError;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The errors of qemu-ga's ga_run_command (qga/commands-posix.c), from each way a helper can end. */
class HelperCommandTest {

    private static final List<String> ARGV = List.of("/sbin/shutdown", "-h");

    @Test
    void exitStatusZeroIsSuccessWhateverTheHelperPrinted() {
        RecordingRunner runner = new RecordingRunner().then(new ExitStatus.Exited(0), "done\n");
        assertThatCode(() -> HelperCommand.run(runner, ARGV, Optional.empty(), "shutdown")).doesNotThrowAnyException();
    }

    @Test
    void aFailureWithOutputQuotesTheOutput() {
        RecordingRunner runner = new RecordingRunner().then(new ExitStatus.Exited(1), "no way\n");
        assertThatThrownBy(() -> HelperCommand.run(runner, ARGV, Optional.empty(), "shutdown"))
                .isInstanceOf(QgaError.class).hasMessage("child process has failed to shutdown: no way\n");
    }

    @Test
    void aSilentFailureGivesTheExitStatus() {
        RecordingRunner runner = new RecordingRunner().then(new ExitStatus.Exited(3), "");
        assertThatThrownBy(() -> HelperCommand.run(runner, ARGV, Optional.empty(), "set user password"))
                .hasMessage("child process has failed to set user password: exit status 3");
    }

    @Test
    void aKilledHelperTerminatedAbnormally() {
        RecordingRunner runner = new RecordingRunner().then(new ExitStatus.Killed(9), "");
        assertThatThrownBy(() -> HelperCommand.run(runner, ARGV, Optional.empty(), "shutdown"))
                .hasMessage("child process has terminated abnormally");
    }

    @Test
    void aProgramThatCannotStartReadsAsQemuGasChildsPerror() {
        HelperRunner missing = (argv, input) -> {
            throw new SystemError(2, "No such file or directory", "execve");
        };
        assertThatThrownBy(() -> HelperCommand.run(missing, List.of("/etc/qemu/hook", "freeze"), Optional.empty(),
                "execute fsfreeze hook")).hasMessage("child process has failed to execute fsfreeze hook:"
                + " failed to exec '/etc/qemu/hook': No such file or directory\n");
    }
}
