// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import dev.jga.agent.platform.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Running a child as another user through util-linux's setpriv(1), which the child is spawned as
 * and which then execs the program: {@code setpriv --reuid=U --regid=G --init-groups -- PROGRAM ARG…}
 * sets the real, effective and saved uid and gid and the supplementary groups (initgroups(3)), and
 * nothing else: no PAM session, no shell, no environment change (jga sets the environment itself).
 *
 * <p>Why a helper: posix_spawn(3) cannot change credentials, and the JVM cannot run code of its
 * own in a forked child (after fork(2) only async-signal-safe calls are allowed, which rules out
 * Java and FFM upcalls alike). setpriv is in util-linux, which Debian, Ubuntu, Fedora, RHEL and
 * SUSE install everywhere; it is looked up only in the system directories, never in a request's
 * PATH, and without it {@code __dev.jga_user} is refused with a message that says so.
 *
 * <p>What differs from a direct spawn: the program's argv[0] is its resolved path, and a program
 * that cannot be executed after all (a race with the checks done before) ends with setpriv's exit
 * status 126 or 127 and its message on stderr instead of a failed guest-exec.
 */
final class UserSwitch {

    /** Where setpriv is looked for, in order (merged /usr or not). */
    static final List<Path> LOCATIONS = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"),
            Path.of("/usr/sbin/setpriv"), Path.of("/sbin/setpriv"));

    private UserSwitch() {}

    static Optional<String> helper() {
        return LOCATIONS.stream().filter(Files::isExecutable).findFirst().map(Path::toString);
    }

    /** The argv that runs {@code program} with {@code argv}'s arguments as {@code account}, through {@code helper}. */
    static List<String> argv(String helper, Account account, String program, List<String> argv) {
        List<String> wrapped = new ArrayList<>();
        wrapped.add(helper);
        wrapped.add("--reuid=" + account.uid());
        wrapped.add("--regid=" + account.gid());
        wrapped.add("--init-groups");
        wrapped.add("--");
        wrapped.add(program);
        wrapped.addAll(argv.subList(Math.min(1, argv.size()), argv.size()));
        return wrapped;
    }
}
