// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import dev.jga.testkit.GuestShell;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The guest's machine and what is in it besides the agent: its vCPUs, an ext4 disk, the test's
 * shell port, and a tree of files laid over its root. Most tests need none of it; the system
 * command tests need all of it.
 *
 * @param cpus vCPUs (boot-guest.sh --cpus)
 * @param ext4DiskMegabytes a fresh ext4 image of this size as a second virtio-blk disk on /mnt/vda, or 0
 * @param shell whether the guest runs the test's shell ({@link GuestShell})
 * @param rootTree a directory of the repository (relative to its root) laid over the guest's /
 */
record GuestSetup(int cpus, int ext4DiskMegabytes, boolean shell, Optional<String> rootTree) {

    /** One vCPU, the initramfs as the only filesystem, the agent's port only. */
    static final GuestSetup MINIMAL = new GuestSetup(1, 0, false, Optional.empty());

    /** boot-guest.sh's options for this setup. */
    List<String> bootOptions(ProjectLayout layout) {
        List<String> options = new ArrayList<>(List.of("--cpus", Integer.toString(cpus)));
        if (ext4DiskMegabytes > 0) {
            options.addAll(List.of("--ext4-disk", Integer.toString(ext4DiskMegabytes)));
        }
        if (shell) {
            options.add("--shell");
        }
        rootTree.ifPresent(tree -> options.addAll(List.of("--root", layout.root().resolve(tree).toString())));
        return options;
    }
}
