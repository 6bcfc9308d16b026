// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.hardware;

import dev.jga.agent.dispatch.CommandGroup;
import dev.jga.agent.dispatch.Registry;
import dev.jga.agent.platform.Hardware;
import dev.jga.protocol.schema.HardwareCommand.GetCpuStats;
import dev.jga.protocol.schema.HardwareCommand.GetMemoryBlockInfo;
import dev.jga.protocol.schema.HardwareCommand.GetMemoryBlocks;
import dev.jga.protocol.schema.HardwareCommand.GetVcpus;
import dev.jga.protocol.schema.HardwareCommand.GuestLogicalProcessor;
import dev.jga.protocol.schema.HardwareCommand.GuestMemoryBlockInfo;
import dev.jga.protocol.schema.HardwareCommand.SetMemoryBlocks;
import dev.jga.protocol.schema.HardwareCommand.SetVcpus;
import dev.jga.protocol.wire.QgaError;

/** Serves the vcpu, memory-block and cpustats commands (qga/commands-linux.c). */
public final class HardwareHandlers implements CommandGroup {

    private final Hardware hardware;

    public HardwareHandlers(Hardware hardware) {
        this.hardware = hardware;
    }

    @Override
    public void bind(Registry registry) {
        registry.bind(GetVcpus.class, command -> hardware.vcpus());
        registry.bind(SetVcpus.class, this::setVcpus);
        registry.bind(GetMemoryBlocks.class, command -> hardware.memoryBlocks());
        registry.bind(SetMemoryBlocks.class, command -> command.memBlks().stream().map(hardware::setMemoryBlock).toList());
        registry.bind(GetMemoryBlockInfo.class, command -> new GuestMemoryBlockInfo(hardware.memoryBlockSize()));
        registry.bind(GetCpuStats.class, command -> hardware.cpuStats());
    }

    /**
     * qmp_guest_set_vcpus: in order, stopping at the first failure, which is the reply only when
     * nothing was processed before it; otherwise the count is.
     */
    long setVcpus(SetVcpus command) {
        long processed = 0;
        for (GuestLogicalProcessor vcpu : command.vcpus()) {
            try {
                hardware.setVcpu(vcpu);
            } catch (QgaError e) {
                if (processed == 0) {
                    throw e;
                }
                break;
            }
            processed++;
        }
        return processed;
    }
}
