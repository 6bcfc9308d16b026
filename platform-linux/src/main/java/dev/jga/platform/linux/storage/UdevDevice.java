// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

import dev.jga.platform.linux.kernelfs.KernelFile;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What qemu-ga asks libudev about a block device (udev_device_new_from_syspath, then
 * udev_device_get_devnode and udev_device_get_property_value), read from the same files libudev
 * reads: the device's {@code uevent} (DEVNAME, MAJOR, MINOR) and udev's database entry
 * {@code /run/udev/data/b<major>:<minor>}, whose {@code E:KEY=VALUE} lines hold ID_SERIAL and
 * DM_NAME. A device whose sysfs directory cannot be read is none (libudev returns NULL).
 */
final class UdevDevice {

    private final Map<String, String> properties;

    private UdevDevice(Map<String, String> properties) {
        this.properties = properties;
    }

    static Optional<UdevDevice> of(SystemTree tree, String syspath) {
        String real;
        String uevent;
        try {
            real = tree.realPath(syspath);
            uevent = KernelFile.read(tree.file(real + "/uevent"));
        } catch (IOException e) {
            return Optional.empty();
        }
        Map<String, String> properties = new HashMap<>();
        parse(uevent, "", properties);
        String major = properties.get("MAJOR");
        String minor = properties.get("MINOR");
        if (major != null && minor != null) {
            KernelFile.readIfPresent(tree.file("/run/udev/data/b" + major + ":" + minor))
                    .ifPresent(database -> parse(database, "E:", properties));
        }
        return Optional.of(new UdevDevice(properties));
    }

    /** udev_device_get_devnode: /dev/ and the kernel's DEVNAME, when it has one. */
    Optional<String> devnode() {
        String name = properties.get("DEVNAME");
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(name.startsWith("/") ? name : "/dev/" + name);
    }

    /** udev_device_get_property_value, with empty values treated as absent (as qemu-ga does). */
    Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key)).filter(value -> !value.isEmpty());
    }

    private static void parse(String text, String prefix, Map<String, String> into) {
        for (String line : text.split("\n")) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            int equals = line.indexOf('=', prefix.length());
            if (equals > prefix.length()) {
                into.put(line.substring(prefix.length(), equals), line.substring(equals + 1));
            }
        }
    }
}
