// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

import dev.jga.protocol.schema.StorageCommand.GuestDiskAddress;
import dev.jga.protocol.schema.StorageCommand.GuestDiskBusType;
import dev.jga.protocol.schema.StorageCommand.GuestPCIAddress;
import java.util.Optional;

/** A GuestDiskAddress being filled in, starting as qemu-ga's does: PCI address -1, bus type unknown. */
final class DiskAddressBuilder {

    long domain = -1;
    long pciBus = -1;
    long slot = -1;
    long function = -1;
    GuestDiskBusType busType = GuestDiskBusType.UNKNOWN;
    long bus;
    long target;
    long unit;
    Optional<String> serial = Optional.empty();
    Optional<String> dev = Optional.empty();

    GuestDiskAddress build() {
        return new GuestDiskAddress(new GuestPCIAddress(domain, pciBus, slot, function), busType, bus, target, unit,
                serial, dev);
    }
}
