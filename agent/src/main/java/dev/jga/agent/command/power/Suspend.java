// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.power;

import static dev.jga.protocol.wire.Messages.SPAWN_FAILED;
import static dev.jga.protocol.wire.Messages.SUSPEND_HELPER_NOT_FOUND;
import static dev.jga.protocol.wire.Messages.SUSPEND_HELPER_STATUS;
import static dev.jga.protocol.wire.Messages.SUSPEND_MODE_UNKNOWN;
import static dev.jga.protocol.wire.Messages.SUSPEND_NOT_SUPPORTED;
import static dev.jga.protocol.wire.Messages.SUSPEND_SPAWN_FAILED;
import static dev.jga.protocol.wire.Messages.SUSPEND_WRITE_FAILED;

import dev.jga.agent.command.helper.HelperRunner;
import dev.jga.agent.config.Strerror;
import dev.jga.agent.platform.ExitStatus;
import dev.jga.agent.platform.SystemError;
import dev.jga.protocol.schema.Empty;
import dev.jga.protocol.wire.Messages;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * qga/commands-linux.c guest_suspend: systemd if it knows the mode, else pm-utils, else
 * /sys/power/state, each tried when the one before is missing or failed. qemu's quirks are kept:
 * an earlier mechanism's failure is forgotten when a later one is tried, so a mode some mechanism
 * claims to support, whose last attempt left no error, is reported as success.
 */
final class Suspend {

    /** ENOENT: glib's G_SPAWN_ERROR_NOENT, which run_process_child treats as "not installed". */
    private static final int NO_SUCH_FILE = 2;
    /** run_process_child's value for a program that could not be run. */
    private static final int NOT_RUN = -1;
    /** What linux_sys_state_supports_mode reads of /sys/power/state. */
    private static final int STATE_READ_LIMIT = 31;

    private final HelperRunner runner;
    private final Path stateFile;

    Suspend(HelperRunner runner, Path stateFile) {
        this.runner = runner;
        this.stateFile = stateFile;
    }

    Empty enter(SuspendMode mode) {
        boolean supported = false;
        if (systemdSupports(mode)) {
            supported = true;
            if (attempt(List.of("systemctl", mode.systemctlVerb), "systemctl " + mode.systemctlVerb).isEmpty()) {
                return Empty.VALUE;
            }
        }
        if (exitCode(List.of("pm-is-supported", mode.pmIsSupportedOption)).status() == 0) {
            supported = true;
            if (attempt(List.of(mode.pmProgram), mode.pmProgram).isEmpty()) {
                return Empty.VALUE;
            }
        }
        Optional<QgaError> last = Optional.empty();
        if (mode.sysState.isEmpty()) {
            last = Optional.of(QgaError.generic(SUSPEND_MODE_UNKNOWN));
        } else if (stateSupports(mode.sysState.get())) {
            supported = true;
            last = writeState(mode.sysState.get());
        }
        if (!supported) {
            throw QgaError.generic(SUSPEND_NOT_SUPPORTED);
        }
        if (last.isPresent()) {
            throw last.get();
        }
        return Empty.VALUE;
    }

    /** systemctl status uses LSB codes: 1 to 3 mean the unit exists (4: no such unit). */
    private boolean systemdSupports(SuspendMode mode) {
        int status = exitCode(List.of("systemctl", "status", mode.systemdUnit)).status();
        return status > 0 && status < 4;
    }

    /** systemd_suspend / pmutils_suspend: empty when the program ran and exited 0. */
    private Optional<QgaError> attempt(List<String> argv, String name) {
        Outcome outcome = exitCode(argv);
        if (outcome.status() == 0) {
            return Optional.empty();
        }
        if (outcome.failure().isPresent()) {
            return outcome.failure();
        }
        if (outcome.status() == NOT_RUN) {
            return Optional.of(QgaError.generic(SUSPEND_HELPER_NOT_FOUND, name));
        }
        return Optional.of(QgaError.generic(SUSPEND_HELPER_STATUS, name, outcome.status()));
    }

    /** A program's exit code, or {@link #NOT_RUN} with a failure unless the program is just missing. */
    private record Outcome(int status, Optional<QgaError> failure) {}

    /** run_process_child: g_spawn_sync with the PATH searched and both output streams to /dev/null. */
    private Outcome exitCode(List<String> argv) {
        try {
            ExitStatus status = runner.run(argv, Optional.empty()).status();
            // WEXITSTATUS of a status that is a signal's is 0: qemu counts a killed helper as success.
            return new Outcome(status instanceof ExitStatus.Exited exited ? exited.code() : 0, Optional.empty());
        } catch (SystemError e) {
            if (e.errno() == NO_SUCH_FILE) {
                return new Outcome(NOT_RUN, Optional.empty());
            }
            String glib = Messages.fill(SPAWN_FAILED, argv.getFirst(), e.strerror());
            return new Outcome(NOT_RUN, Optional.of(QgaError.generic(SUSPEND_SPAWN_FAILED, glib)));
        } catch (IOException e) {
            return new Outcome(NOT_RUN, Optional.of(QgaError.generic(SUSPEND_SPAWN_FAILED, e.getMessage())));
        }
    }

    private boolean stateSupports(String word) {
        try {
            byte[] content = Files.readAllBytes(stateFile);
            int length = Math.min(content.length, STATE_READ_LIMIT);
            return new String(content, 0, length, StandardCharsets.ISO_8859_1).contains(word);
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<QgaError> writeState(String word) {
        try {
            Files.writeString(stateFile, word, StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING); // as the shell's "echo disk > /sys/power/state"
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(QgaError.errno(Strerror.of(e), SUSPEND_WRITE_FAILED, "/sys/power/state"));
        }
    }
}
