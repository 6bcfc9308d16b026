// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.wire;

/**
 * The error classes qemu-ga puts on the wire. QAPI's enum has more (DeviceNotActive, …) but qga
 * only ever emits these two, and clients such as libvirt branch on exactly these names.
 */
public enum ErrorClass {
    /** Every failure that is not about the command's existence. */
    GenericError,
    /** An unknown command, or one disabled by policy or by the frozen state. */
    CommandNotFound;

    public String wireName() {
        return name();
    }

    /** The class named {@code wire}, or GenericError for a class this version does not know. */
    public static ErrorClass fromWire(String wire) {
        for (ErrorClass c : values()) {
            if (c.name().equals(wire)) {
                return c;
            }
        }
        return GenericError;
    }
}
