// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

/** {@code null}. qemu's visitor rejects it even for optional members. */
public enum JsonNull implements Json {
    INSTANCE;

    @Override
    public String typeName() {
        return "null";
    }
}
