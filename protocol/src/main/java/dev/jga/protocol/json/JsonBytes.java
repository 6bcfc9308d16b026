// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.util.Arrays;

/**
 * A string whose wire form is the standard base64 of some bytes ({@code buf-b64}, {@code out-data}).
 *
 * <p>Output only: {@link JsonWriter} encodes it in chunks straight to the stream, so the largest
 * reply (48 MiB read, 64 MiB of base64) never exists as one Java string.
 */
public record JsonBytes(byte[] data, int offset, int length) implements Json {

    public JsonBytes {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length);
        }
    }

    public JsonBytes(byte[] data) {
        this(data, 0, data.length);
    }

    /** A copy of exactly the bytes this value stands for. */
    public byte[] bytes() {
        return Arrays.copyOfRange(data, offset, offset + length);
    }

    @Override
    public String typeName() {
        return "string";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonBytes that && Arrays.equals(bytes(), that.bytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes());
    }

    @Override
    public String toString() {
        return "JsonBytes[" + length + " bytes]";
    }
}
