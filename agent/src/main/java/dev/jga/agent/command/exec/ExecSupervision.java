// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import static dev.jga.protocol.wire.Messages.EXEC_CWD_INVALID;
import static dev.jga.protocol.wire.Messages.EXEC_USER_NOT_ROOT;
import static dev.jga.protocol.wire.Messages.EXEC_USER_NO_HELPER;
import static dev.jga.protocol.wire.Messages.EXEC_USER_UNKNOWN;
import static dev.jga.protocol.wire.Messages.SECONDS_INVALID;

import dev.jga.agent.platform.Account;
import dev.jga.agent.platform.AccountUnavailable;
import dev.jga.agent.platform.ProcessLauncher;
import dev.jga.agent.platform.Supervision;
import dev.jga.protocol.schema.ExecCommand.Exec;
import dev.jga.protocol.wire.QgaError;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * guest-exec's {@code __dev.jga_} members, checked before anything starts: a working directory
 * the agent cannot enter, a user it cannot become or a duration out of range is an error, and no
 * child runs.
 *
 * @param directory {@code __dev.jga_cwd}
 * @param account {@code __dev.jga_user}, resolved
 * @param mergeEnvironment {@code __dev.jga_env-merge}
 * @param timeout {@code __dev.jga_timeout}
 * @param killGrace {@code __dev.jga_kill-grace}, default {@link #DEFAULT_KILL_GRACE}
 */
record ExecSupervision(Optional<String> directory, Optional<Account> account, boolean mergeEnvironment,
        Optional<Duration> timeout, Duration killGrace) {

    /** How long a timed-out child's group has between TERM and KILL unless the request says. */
    static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);
    /** The longest duration a request may give, as for the agent's own options: a day. */
    static final double MAX_SECONDS = 86_400;

    static ExecSupervision check(Exec command, ProcessLauncher launcher) {
        command.cwd().ifPresent(ExecSupervision::checkDirectory);
        Optional<Account> account = command.user().map(user -> account(user, launcher));
        Optional<Duration> timeout = command.timeout().map(seconds -> duration("__dev.jga_timeout", seconds));
        Duration killGrace = command.killGrace().map(seconds -> duration("__dev.jga_kill-grace", seconds))
                .orElse(DEFAULT_KILL_GRACE);
        return new ExecSupervision(command.cwd(), account, command.envMerge().orElse(false), timeout, killGrace);
    }

    /** What the platform gets, with {@code timedOut} told when the timeout ends the child. */
    Supervision forPlatform(Runnable timedOut, Predicate<String> allowed) {
        return new Supervision(directory, account, mergeEnvironment,
                timeout.map(after -> new Supervision.Timeout(after, killGrace, timedOut)), allowed);
    }

    /** Seconds from the wire (fractions allowed) as a duration, refused outside 0–86400. */
    static Duration duration(String member, double seconds) {
        if (!(seconds >= 0 && seconds <= MAX_SECONDS)) {
            throw QgaError.generic(SECONDS_INVALID, member);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** chdir(2)'s own checks, made before the spawn so that the error names the directory. */
    private static void checkDirectory(String directory) {
        String problem;
        try {
            Path path = Path.of(directory);
            if (directory.isEmpty() || !Files.exists(path)) {
                problem = "No such file or directory";
            } else if (!Files.isDirectory(path)) {
                problem = "Not a directory";
            } else if (!Files.isExecutable(path)) {
                problem = "Permission denied";
            } else {
                return;
            }
        } catch (InvalidPathException e) {
            problem = "Invalid argument";
        }
        throw QgaError.generic(EXEC_CWD_INVALID, directory, problem);
    }

    private static Account account(String user, ProcessLauncher launcher) {
        try {
            return launcher.account(user);
        } catch (AccountUnavailable e) {
            throw switch (e.reason()) {
                case NOT_PRIVILEGED -> QgaError.generic(EXEC_USER_NOT_ROOT);
                case UNKNOWN_USER -> QgaError.generic(EXEC_USER_UNKNOWN, user);
                case NO_HELPER -> QgaError.generic(EXEC_USER_NO_HELPER);
            };
        }
    }
}
