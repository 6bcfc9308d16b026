// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

import static dev.jga.protocol.wire.Messages.OPENDIR_FAILED;

import dev.jga.platform.linux.kernelfs.KernelFile;
import dev.jga.protocol.schema.StorageCommand.GuestDiskBusType;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A disk's place on its PCI controller, read from its sysfs path as qemu-ga's
 * build_guest_fsinfo_for_pci_dev reads it (qga/commands-linux.c): the PCI function whose driver
 * is a disk controller qemu knows (walking down through bridges), then the SCSI target and the
 * ATA or SCSI host numbers, whose meaning depends on the driver.
 */
final class PciDisk {

    private static final Set<String> CONTROLLERS = Set.of("ata_piix", "sym53c8xx", "virtio-pci", "ahci", "nvme",
            "xhci_hcd", "ehci-pci");
    /** "%*x:%*x/%x:%x:%x.%x" after "/devices/pci": the root bus, then the first device. */
    private static final Pattern ROOT_FUNCTION = Pattern.compile(
            "^[0-9a-fA-F]+:[0-9a-fA-F]+/([0-9a-fA-F]+):([0-9a-fA-F]+):([0-9a-fA-F]+)\\.([0-9a-fA-F]+)");
    /** "/%x:%x:%x.%x": one more function below a bridge. */
    private static final Pattern NEXT_FUNCTION = Pattern.compile(
            "^/([0-9a-fA-F]+):([0-9a-fA-F]+):([0-9a-fA-F]+)\\.([0-9a-fA-F]+)");
    /** "%*u:%*u:%*u/%*u:%u:%u:%u" after "/target". */
    private static final Pattern TARGET = Pattern.compile("^\\d+:\\d+:\\d+/\\d+:(\\d+):(\\d+):(\\d+)");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\d+");
    /** build_hosts looks at no more host entries than this. */
    private static final int MAX_HOSTS = 8;

    private final SystemTree tree;

    PciDisk(SystemTree tree) {
        this.tree = tree;
    }

    /** Fills {@code disk}; false when the path is not one qemu-ga understands (what it set so far stays). */
    boolean fill(String syspath, DiskAddressBuilder disk) {
        int at = syspath.indexOf("/devices/pci");
        Matcher function = at < 0 ? null : ROOT_FUNCTION.matcher(syspath.substring(at + 12));
        if (function == null || !function.find()) {
            return false;
        }
        long[] pci = numbers(function, 16);
        int end = at + 12 + function.end();
        String driver;
        while (true) {
            driver = tree.linkTargetName(syspath.substring(0, end) + "/driver");
            if (driver != null && CONTROLLERS.contains(driver)) {
                break;
            }
            Matcher next = NEXT_FUNCTION.matcher(syspath.substring(end));
            if (!next.find()) {
                return false;
            }
            pci = numbers(next, 16);
            end += next.end();
        }
        long[] target = scsiTarget(syspath);
        Host host = host(syspath);
        disk.domain = pci[0];
        disk.pciBus = pci[1];
        disk.slot = pci[2];
        disk.function = pci[3];
        return switch (driver) {
            case "ata_piix" -> hostIndexed(disk, host, target, GuestDiskBusType.IDE);
            case "sym53c8xx" -> target != null && set(disk, GuestDiskBusType.SCSI, target[1]);
            case "virtio-pci" -> target != null ? set(disk, GuestDiskBusType.SCSI, target[2])
                    : set(disk, GuestDiskBusType.VIRTIO, disk.unit);
            case "ahci" -> hostIndexed(disk, host, target, GuestDiskBusType.SATA);
            case "nvme" -> set(disk, GuestDiskBusType.NVME, disk.unit);
            default -> set(disk, GuestDiskBusType.USB, disk.unit); // ehci-pci, xhci_hcd
        };
    }

    /** IDE: a host per bus, the unit from the target; SATA (ahci): a host per unit. */
    private static boolean hostIndexed(DiskAddressBuilder disk, Host host, long[] target, GuestDiskBusType type) {
        if (host == null || target == null) {
            return false;
        }
        int index = host.siblings().indexOf(host.number());
        if (index < 0) {
            return false;
        }
        disk.busType = type;
        if (type == GuestDiskBusType.IDE) {
            disk.bus = index;
            disk.unit = target[1];
        } else {
            disk.unit = index;
        }
        return true;
    }

    private static boolean set(DiskAddressBuilder disk, GuestDiskBusType type, long unit) {
        disk.busType = type;
        disk.unit = unit;
        return true;
    }

    /** Channel, target and LUN from ".../target H:C:T/H:C:T:L", or null. */
    static long[] scsiTarget(String syspath) {
        int at = syspath.indexOf("/target");
        if (at < 0) {
            return null;
        }
        Matcher matcher = TARGET.matcher(syspath.substring(at + 7));
        return matcher.find() ? numbers(matcher, 10) : null;
    }

    private record Host(long number, List<Long> siblings) {}

    /** The ATA port ("/ata3") or else SCSI host ("/host2") number, with its siblings' numbers sorted. */
    private Host host(String syspath) {
        boolean ata = syspath.contains("/ata");
        int at = syspath.indexOf(ata ? "/ata" : "/host");
        if (at < 0) {
            return null;
        }
        Matcher number = LEADING_NUMBER.matcher(syspath.substring(at + (ata ? 4 : 5)));
        if (!number.find()) {
            return null;
        }
        String directory = syspath.substring(0, at);
        String prefix = ata ? "ata" : "host";
        List<Long> hosts = new ArrayList<>();
        try {
            for (String name : tree.list(directory)) {
                Matcher index = LEADING_NUMBER.matcher(name.startsWith(prefix) ? name.substring(prefix.length()) : "");
                if (hosts.size() < MAX_HOSTS && index.find()) {
                    hosts.add(Long.parseLong(index.group()));
                }
            }
        } catch (IOException e) {
            throw QgaError.errno(KernelFile.strerror(e), OPENDIR_FAILED, directory);
        }
        hosts.sort(null);
        return new Host(Long.parseLong(number.group()), hosts);
    }

    private static long[] numbers(Matcher matcher, int radix) {
        long[] values = new long[matcher.groupCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Long.parseLong(matcher.group(i + 1), radix);
        }
        return values;
    }
}
