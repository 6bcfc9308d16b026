// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import dev.jga.protocol.schema.HardwareCommand.GuestCpuStats;
import dev.jga.protocol.schema.HardwareCommand.GuestLogicalProcessor;
import dev.jga.protocol.schema.HardwareCommand.GuestMemoryBlock;
import dev.jga.protocol.schema.HardwareCommand.GuestMemoryBlockResponse;
import java.util.List;

/**
 * The processors and memory blocks the kernel exposes, and their hot-(un)plug. Failures are
 * QgaErrors with qemu's texts (qga/commands-linux.c).
 */
public interface Hardware {

    List<GuestLogicalProcessor> vcpus();

    /** Brings one processor to {@code vcpu.online()}; throws on failure. */
    void setVcpu(GuestLogicalProcessor vcpu);

    List<GuestMemoryBlock> memoryBlocks();

    /** Brings one block to {@code block.online()}; a failure is in the response, not thrown. */
    GuestMemoryBlockResponse setMemoryBlock(GuestMemoryBlock block);

    /** Bytes per memory block. */
    long memoryBlockSize();

    List<GuestCpuStats> cpuStats();
}
