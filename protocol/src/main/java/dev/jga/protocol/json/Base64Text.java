// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Standard base64 (RFC 4648, with padding: glib's g_base64_encode, which qemu-ga uses) written
 * into a caller's buffer, for the big replies (out-data, buf-b64). It exists because the agent
 * runs C1 only: {@link java.util.Base64}'s encoder is an intrinsic under C2 alone, and its Java
 * loop (one table lookup and one store per character) encodes 15 MB in ~22 ms under C1. Here a
 * 4,096-entry table gives two characters per lookup and each group of four goes out as one int
 * store: ~14 ms (docs/performance.md).
 */
final class Base64Text {

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    /** The two characters of each 12-bit value, first in the low byte (little-endian order in memory). */
    private static final int[] PAIRS = new int[1 << 12];

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int i = 0; i < PAIRS.length; i++) {
            PAIRS[i] = ALPHABET[i >> 6] | ALPHABET[i & 0x3F] << 8;
        }
    }

    private Base64Text() {}

    /** The characters {@code length} bytes take, padding included. */
    static long encodedLength(long length) {
        return (length + 2) / 3 * 4;
    }

    /**
     * Encodes {@code src[from, to)}, whose length must be a multiple of 3, into {@code dst} at
     * {@code at} (no padding: none is needed); returns the index after the last character.
     */
    static int encodeTriples(byte[] src, int from, int to, byte[] dst, int at) {
        int[] pairs = PAIRS;
        for (int i = from; i < to; i += 3) {
            int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
            INT_LE.set(dst, at, pairs[bits >>> 12] | pairs[bits & 0xFFF] << 16);
            at += 4;
        }
        return at;
    }

    /** Encodes the last 1 or 2 bytes {@code src[from, from + count)} with their '=' padding; returns the end. */
    static int encodeTail(byte[] src, int from, int count, byte[] dst, int at) {
        int b0 = src[from] & 0xFF;
        int b1 = count > 1 ? src[from + 1] & 0xFF : 0;
        dst[at] = ALPHABET[b0 >> 2];
        dst[at + 1] = ALPHABET[(b0 << 4 | b1 >> 4) & 0x3F];
        dst[at + 2] = count > 1 ? ALPHABET[(b1 << 2) & 0x3F] : (byte) '=';
        dst[at + 3] = '=';
        return at + 4;
    }
}
