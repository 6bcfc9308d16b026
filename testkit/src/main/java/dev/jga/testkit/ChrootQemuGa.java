// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The second oracle, {@link Target#QEMU_GA_10}: Debian 13's qemu-ga 10.0 in the debootstrap
 * chroot that {@code bin/oracle-10} makes. It runs in a mount namespace of its own
 * ({@code unshare --mount}), where /proc, /sys, /dev and the test's directory (at the same path)
 * are bind-mounted into the chroot: the mounts vanish with the process, whoever kills it, and
 * runs of other users of the same chroot do not see them. Inside, the working directory is the
 * test's directory, as for the other targets. The exec chain (unshare, sh, chroot, sh) ends in
 * qemu-ga with the launcher's pid, so SIGTERM reaches it directly.
 */
public final class ChrootQemuGa {

    /** System property naming the chroot; default {@value #DEFAULT_CHROOT} (bin/oracle-10's). */
    public static final String CHROOT_PROPERTY = "conformance.oracle10";
    public static final String DEFAULT_CHROOT = "/var/cache/jga/trixie-qga";
    /** bin/oracle-10 writes this last: a chroot without it is an interrupted debootstrap. */
    static final String COMPLETE_MARKER = ".jga-oracle-complete";
    static final String QEMU_GA = "/usr/sbin/qemu-ga";

    private ChrootQemuGa() {}

    public static Path chroot() {
        return Path.of(System.getProperty(CHROOT_PROPERTY, DEFAULT_CHROOT));
    }

    /** Whether bin/oracle-10 has made the chroot completely. */
    public static boolean isAvailable() {
        Path chroot = chroot();
        return Files.isRegularFile(chroot.resolve(COMPLETE_MARKER)) && Files.isExecutable(chroot.resolve(QEMU_GA.substring(1)));
    }

    /**
     * The command line that runs qemu-ga with {@code arguments} in the chroot, with the test's
     * directory {@code dir} (a path, or {@link AgentCommand#DIR} to be replaced) made visible
     * inside at its own path and made the working directory.
     */
    static List<String> command(String dir, List<String> arguments) {
        Path chroot = chroot();
        if (!isAvailable()) {
            throw new IllegalStateException("no complete qemu-ga 10 chroot at " + chroot + "; run bin/oracle-10 as root");
        }
        // "$@" carries the paths and arguments: nothing is interpolated into the script.
        String script = "set -e; c=$1; d=$2; shift 2; mkdir -p \"$c$d\"; "
                + "mount --bind /proc \"$c/proc\"; mount --bind /sys \"$c/sys\"; mount --bind /dev \"$c/dev\"; "
                + "mount --bind \"$d\" \"$c$d\"; "
                + "exec chroot \"$c\" /bin/sh -c 'cd \"$0\" && exec " + QEMU_GA + " \"$@\"' \"$d\" \"$@\"";
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private",
                "/bin/sh", "-c", script, "sh", chroot.toString(), dir));
        command.addAll(arguments);
        return command;
    }

    /** Removes the (empty) mount point made for {@code dir}. */
    static void forget(Path dir) {
        try {
            Files.deleteIfExists(inside(chroot(), dir));
        } catch (IOException e) {
            // a mount point still in use or not empty: left for the next bin/oracle-10
        }
    }

    private static Path inside(Path chroot, Path dir) {
        return chroot.resolve(dir.toAbsolutePath().toString().substring(1));
    }
}
