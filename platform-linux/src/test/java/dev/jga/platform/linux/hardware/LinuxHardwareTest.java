// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.protocol.schema.HardwareCommand.GuestCpuStats;
import dev.jga.protocol.schema.HardwareCommand.GuestLogicalProcessor;
import dev.jga.protocol.schema.HardwareCommand.GuestMemoryBlock;
import dev.jga.protocol.schema.HardwareCommand.GuestMemoryBlockResponse;
import dev.jga.protocol.schema.HardwareCommand.GuestMemoryBlockResponseType;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sysfs and procfs readers on a guest CI machines are not: an offline processor, a boot
 * processor without an online file, memory blocks with a gap in their indexes (a second NUMA
 * node) and an offline block (fixtures/numa-guest).
 */
class LinuxHardwareTest {

    @TempDir
    Path dir;

    private LinuxHardware hardware() {
        return new LinuxHardware(FixtureTree.copy("numa-guest", dir));
    }

    @Test
    void vcpusTellOnlineOfflineAndTheBootProcessorThatCannotGoOffline() {
        assertThat(hardware().vcpus()).containsExactlyInAnyOrder(
                new GuestLogicalProcessor(0, true, Optional.of(false)),
                new GuestLogicalProcessor(1, true, Optional.of(true)),
                new GuestLogicalProcessor(2, false, Optional.of(true)));
    }

    @Test
    void settingAVcpuWritesItsOnlineFileOnlyWhenTheStateDiffers() throws IOException {
        LinuxHardware hardware = hardware();
        Path online = dir.resolve("sys/devices/system/cpu/cpu2/online");
        hardware.setVcpu(new GuestLogicalProcessor(2, true, Optional.empty()));
        assertThat(Files.readString(online)).isEqualTo("1");
        Files.setLastModifiedTime(online, java.nio.file.attribute.FileTime.fromMillis(0));
        hardware.setVcpu(new GuestLogicalProcessor(2, true, Optional.empty()));
        assertThat(Files.getLastModifiedTime(online).toMillis()).as("not written again").isZero();
    }

    @Test
    void theBootProcessorCannotBeOfflinedButCanBeReOnlined() {
        LinuxHardware hardware = hardware();
        hardware.setVcpu(new GuestLogicalProcessor(0, true, Optional.empty()));
        assertThatThrownBy(() -> hardware.setVcpu(new GuestLogicalProcessor(0, false, Optional.empty())))
                .isInstanceOf(QgaError.class).hasMessage("logical processor #0 can't be offlined");
    }

    @Test
    void aMissingProcessorIsNamedWithQemusPath() {
        assertThatThrownBy(() -> hardware().setVcpu(new GuestLogicalProcessor(7, true, Optional.empty())))
                .hasMessage("open(\"/sys/devices/system/cpu/cpu7/\"): No such file or directory");
    }

    @Test
    void anEmptyOnlineFileIsAnUnexpectedEof() throws IOException {
        LinuxHardware hardware = hardware();
        Files.writeString(dir.resolve("sys/devices/system/cpu/cpu1/online"), "");
        assertThatThrownBy(hardware::vcpus)
                .hasMessage("pread(\"/sys/devices/system/cpu/cpu1//online\"): unexpected EOF");
    }

    @Test
    void memoryBlocksAreListedWithTheirGapsAndStates() {
        assertThat(hardware().memoryBlocks()).containsExactlyInAnyOrder(
                new GuestMemoryBlock(0, true, Optional.of(false)),
                new GuestMemoryBlock(32, true, Optional.of(true)),
                new GuestMemoryBlock(33, false, Optional.of(false)));
    }

    @Test
    void memoryBlockSizeIsReadAsHexadecimal() {
        assertThat(hardware().memoryBlockSize()).isEqualTo(0x8000000L);
    }

    @Test
    void onliningABlockWritesItsStateAndUnknownBlocksAreNotFound() throws IOException {
        LinuxHardware hardware = hardware();
        assertThat(hardware.setMemoryBlock(new GuestMemoryBlock(33, true, Optional.empty())))
                .isEqualTo(new GuestMemoryBlockResponse(33, GuestMemoryBlockResponseType.SUCCESS, Optional.empty()));
        // written at offset 0 without truncating, as qemu does: sysfs takes a write as a command
        assertThat(Files.readString(dir.resolve("sys/devices/system/memory/memory33/state"))).startsWith("online");
        assertThat(hardware.setMemoryBlock(new GuestMemoryBlock(34, true, Optional.empty())))
                .isEqualTo(new GuestMemoryBlockResponse(34, GuestMemoryBlockResponseType.NOT_FOUND, Optional.of(2L)));
    }

    @Test
    void withoutMemoryHotplugThereAreNoBlocksAndSettingIsNotSupported() throws IOException {
        LinuxHardware hardware = hardware();
        try (var paths = Files.walk(dir.resolve("sys/devices/system/memory"))) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        assertThat(hardware.memoryBlocks()).isEmpty();
        assertThat(hardware.setMemoryBlock(new GuestMemoryBlock(0, false, Optional.empty())))
                .isEqualTo(new GuestMemoryBlockResponse(0, GuestMemoryBlockResponseType.OPERATION_NOT_SUPPORTED,
                        Optional.of(2L)));
        assertThatThrownBy(hardware::memoryBlockSize)
                .hasMessage("open(\"/sys/devices/system/memory/\"): No such file or directory");
    }

    @Test
    void cpustatsAreMillisecondsPerProcessorWithoutTheTotalLine() {
        assertThat(hardware().cpuStats()).containsExactly(
                new GuestCpuStats("linux", 0, 1000, 0, 200, 3000, Optional.of(10L), Optional.of(0L),
                        Optional.of(10L), Optional.of(0L), Optional.of(0L), Optional.of(0L)),
                new GuestCpuStats("linux", 1, 2000, 50, 400, 6000, Optional.of(20L), Optional.of(0L),
                        Optional.of(10L), Optional.of(70L), Optional.of(0L), Optional.of(0L)));
    }

    @Test
    void anOldKernelsShorterStatLinesLeaveOutTheMissingColumns() throws IOException {
        LinuxHardware hardware = hardware();
        Files.writeString(dir.resolve("proc/stat"), "cpu 1 2 3 4\ncpu0 1 2 3 4 5\n");
        assertThat(hardware.cpuStats()).containsExactly(new GuestCpuStats("linux", 0, 10, 20, 30, 40,
                Optional.of(50L), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()));
    }
}
