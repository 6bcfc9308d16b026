// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which mounts qemu-ga lists, trims and freezes, from fixture mountinfo files (build_fs_mount_list). */
class MountTableTest {

    @TempDir
    Path root;

    @Test
    void virtualFilesystemsAndSecondMountsOfADeviceAreLeftOutInMountOrder() throws IOException {
        mountinfo("""
                22 1 0:21 / /proc rw,nosuid shared:5 - proc proc rw
                23 1 0:22 / /sys rw shared:6 - sysfs sysfs rw
                26 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
                27 26 253:2 / /home rw,relatime shared:2 - xfs /dev/vda2 rw
                28 26 0:25 / /tmp rw shared:7 - tmpfs tmpfs rw
                29 26 253:2 /srv /srv/bound rw,relatime shared:2 - xfs /dev/vda2 rw
                30 27 8:16 / /home/with\\040space rw - ext4 /dev/sdb rw
                """);
        assertThat(new MountTable(root).mounts()).containsExactly(
                new Mount("/", "ext4", 253, 1),
                new Mount("/home", "xfs", 253, 2),
                new Mount("/home/with space", "ext4", 8, 16));
    }

    @Test
    void btrfsWithMajorZeroCountsOnlyWhenItsSourceIsABlockDevice() throws IOException {
        mountinfo("""
                31 1 0:33 / /data rw - btrfs /dev/not-a-block-device rw
                """);
        assertThat(new MountTable(root).mounts()).isEmpty();
    }

    @Test
    void malformedLinesAreSkipped() throws IOException {
        mountinfo("""
                garbage
                40 1 x:y / /x rw - ext4 /dev/x rw
                41 1 8:1 / /no-separator rw ext4 /dev/y rw
                42 1 8:2 / /ok rw - ext4 /dev/z rw
                """);
        assertThat(new MountTable(root).mounts()).extracting(Mount::directory).containsExactly("/ok");
    }

    @Test
    void octalEscapesAndBackslashesAreDecodedAsQemuDoes() {
        assertThat(MountTable.decode("/a\\011b\\012c\\\\d")).isEqualTo("/a\tb\nc\\d");
        assertThat(MountTable.decode("/caf\\303\\251")).isEqualTo("/café");
        assertThat(MountTable.decode("/bad\\8")).isEqualTo("/bad\\8");
    }

    private void mountinfo(String text) throws IOException {
        Path file = root.resolve("proc/self/mountinfo");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
