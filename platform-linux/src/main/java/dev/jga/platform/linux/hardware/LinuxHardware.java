// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.hardware;

import dev.jga.agent.platform.Hardware;
import dev.jga.platform.linux.system.SystemRoot;
import dev.jga.protocol.schema.HardwareCommand.GuestCpuStats;
import dev.jga.protocol.schema.HardwareCommand.GuestLogicalProcessor;
import dev.jga.protocol.schema.HardwareCommand.GuestMemoryBlock;
import dev.jga.protocol.schema.HardwareCommand.GuestMemoryBlockResponse;
import java.util.List;

/** {@link Hardware} from sysfs and procfs under a {@link SystemRoot}. */
public final class LinuxHardware implements Hardware {

    private final CpuDirectory cpus;
    private final MemoryDirectory memory;
    private final ProcStat stat;

    public LinuxHardware(SystemRoot root) {
        this.cpus = new CpuDirectory(root);
        this.memory = new MemoryDirectory(root);
        this.stat = new ProcStat(root);
    }

    @Override
    public List<GuestLogicalProcessor> vcpus() {
        return cpus.list();
    }

    @Override
    public void setVcpu(GuestLogicalProcessor vcpu) {
        cpus.set(vcpu);
    }

    @Override
    public List<GuestMemoryBlock> memoryBlocks() {
        return memory.list();
    }

    @Override
    public GuestMemoryBlockResponse setMemoryBlock(GuestMemoryBlock block) {
        return memory.set(block);
    }

    @Override
    public long memoryBlockSize() {
        return memory.blockSize();
    }

    @Override
    public List<GuestCpuStats> cpuStats() {
        return stat.read();
    }
}
