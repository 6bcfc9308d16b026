// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The guest's processors and memory as the kernel shows them in sysfs and procfs, and their
 * hot-(un)plug (qga/qapi-schema.json; served from qga/commands-linux.c).
 */
public sealed interface HardwareCommand<R> extends Command<R> {

    @Qapi(name = "guest-get-vcpus", since = "1.5",
            doc = "Lists the logical processors, whether each is online and whether it can be taken offline.")
    record GetVcpus() implements HardwareCommand<List<GuestLogicalProcessor>> {}

    /** Processes the list in order and stops at the first failure; returns how many succeeded. */
    @Qapi(name = "guest-set-vcpus", since = "1.5",
            doc = "Brings logical processors online or offline, in order, and says how many it processed before any failure.")
    record SetVcpus(List<GuestLogicalProcessor> vcpus) implements HardwareCommand<Long> {}

    @Qapi(name = "guest-get-memory-blocks", since = "2.3",
            doc = "Lists the memory blocks, whether each is online and whether it can be taken offline.")
    record GetMemoryBlocks() implements HardwareCommand<List<GuestMemoryBlock>> {}

    /** One response per block given, in order; a failure is reported per block, not as an error. */
    @Qapi(name = "guest-set-memory-blocks", since = "2.3",
            doc = "Brings memory blocks online or offline and reports the outcome for each.")
    record SetMemoryBlocks(List<GuestMemoryBlock> memBlks) implements HardwareCommand<List<GuestMemoryBlockResponse>> {}

    @Qapi(name = "guest-get-memory-block-info", since = "2.3", doc = "Reports the size of a memory block in bytes.")
    record GetMemoryBlockInfo() implements HardwareCommand<GuestMemoryBlockInfo> {}

    @Qapi(name = "guest-get-cpustats", since = "7.1",
            doc = "Reports each processor's time in user, nice, system, idle and the other /proc/stat states, in milliseconds.")
    record GetCpuStats() implements HardwareCommand<List<GuestCpuStats>> {}

    /** {@code canOffline} is always present in replies; as an argument it is ignored. */
    record GuestLogicalProcessor(long logicalId, boolean online, Optional<Boolean> canOffline) {}

    record GuestMemoryBlock(@Unsigned long physIndex, boolean online, Optional<Boolean> canOffline) {}

    /** {@code errorCode}: the errno of a failure. */
    record GuestMemoryBlockResponse(@Unsigned long physIndex, GuestMemoryBlockResponseType response,
            Optional<Long> errorCode) {}

    record GuestMemoryBlockInfo(@Unsigned long size) {}

    /** QAPI enum GuestMemoryBlockResponseType. */
    enum GuestMemoryBlockResponseType implements WireEnum {
        SUCCESS, NOT_FOUND, OPERATION_NOT_SUPPORTED, OPERATION_FAILED;

        @Override
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * QAPI union GuestCpuStats with discriminator {@code type}, whose only branch is "linux": on
     * the wire a flat object, {@code "type": "linux"} followed by the members of
     * GuestLinuxCpuStats. Times are milliseconds (clock ticks * 1000 / _SC_CLK_TCK); the optional
     * ones are present when the kernel's /proc/stat line has their column.
     */
    record GuestCpuStats(
            String type,
            long cpu,
            @Unsigned long user,
            @Unsigned long nice,
            @Unsigned long system,
            @Unsigned long idle,
            @Unsigned Optional<Long> iowait,
            @Unsigned Optional<Long> irq,
            @Unsigned Optional<Long> softirq,
            @Unsigned Optional<Long> steal,
            @Unsigned Optional<Long> guest,
            @Unsigned Optional<Long> guestnice) {

        /** The union's one discriminator value. */
        public static final String LINUX = "linux";
    }
}
