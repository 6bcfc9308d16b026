// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

/** Input that is not one valid value of qemu's JSON dialect; the message is qemu's error text. */
public final class JsonParseException extends RuntimeException {
    public JsonParseException(String desc) {
        super(desc, null, false, false);
    }
}
