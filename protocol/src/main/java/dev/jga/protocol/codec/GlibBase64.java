// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import static dev.jga.protocol.wire.Messages.BASE64_INVALID;

import dev.jga.protocol.wire.QgaError;
import java.util.Arrays;

/**
 * Base64 decoding exactly as qemu-ga does it: qemu's {@code qbase64_decode} (util/base64.c) first
 * rejects any character outside {@code A-Z a-z 0-9 + / = \n}, then glib's {@code g_base64_decode}
 * decodes in groups of four, ignoring newlines, dropping an incomplete last group (so missing
 * padding silently loses bytes: "aGVsbG8" is "hel") and suppressing output bytes according to
 * '=' in the last two characters of each group.
 *
 * <p>The JDK's decoders differ on all three points, and a client that relies on qemu's leniency
 * must get the same bytes from jga.
 */
public final class GlibBase64 {

    private static final byte[] RANK = new byte[128];
    /** The value of each alphabet character, -1 for the rest ('=' and newline included). */
    private static final int[] PLAIN = new int[128];

    static {
        Arrays.fill(RANK, (byte) -1);
        Arrays.fill(PLAIN, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            RANK[alphabet.charAt(i)] = (byte) i;
            PLAIN[alphabet.charAt(i)] = i;
        }
        RANK['='] = 0;
    }

    private GlibBase64() {}

    /**
     * Decoded bytes in {@code buffer[0, length)}: the buffer is sized for the text and the padding
     * leaves up to two bytes unused, which a caller that takes a length needs no copy to drop (a
     * guest-file-write of 1 MiB would otherwise copy its megabyte once more).
     */
    public record Decoded(byte[] buffer, int length) {}

    /** Decodes {@code text}; throws "Base64 data contains invalid characters" as qemu-ga does. */
    public static byte[] decode(String text) {
        Decoded decoded = decodeToBuffer(text);
        byte[] out = decoded.buffer();
        return decoded.length() == out.length ? out : Arrays.copyOf(out, decoded.length());
    }

    /**
     * Decodes {@code text} as {@link #decode} does, without trimming the buffer. Groups of four
     * alphabet characters, which is nearly all of a large text, are decoded whole; a group with a
     * newline, '=' or anything else goes a character at a time, as glib does.
     */
    public static Decoded decodeToBuffer(String text) {
        int length = text.length();
        byte[] out = new byte[(length / 4) * 3];
        int written = 0;
        int value = 0;
        int inGroup = 0;
        char last0 = 0;
        char last1 = 0;
        int i = 0;
        while (i < length) {
            if (inGroup == 0 && length - i >= 4) {
                int bits = plainGroup(text, i);
                if (bits >= 0) {
                    out[written] = (byte) (bits >> 16);
                    out[written + 1] = (byte) (bits >> 8);
                    out[written + 2] = (byte) bits;
                    written += 3;
                    i += 4;
                    continue;
                }
            }
            char c = text.charAt(i++);
            if (c == '\n') {
                continue;
            }
            if (c >= 128 || RANK[c] < 0) {
                throw QgaError.generic(BASE64_INVALID);
            }
            last1 = last0;
            last0 = c;
            value = (value << 6) | RANK[c];
            if (++inGroup == 4) {
                out[written++] = (byte) (value >> 16);
                if (last1 != '=') {
                    out[written++] = (byte) (value >> 8);
                }
                if (last0 != '=') {
                    out[written++] = (byte) value;
                }
                inGroup = 0;
            }
        }
        return new Decoded(out, written);
    }

    /** The 24 bits of the four characters at {@code at} when all are alphabet characters, else -1. */
    private static int plainGroup(String text, int at) {
        char c0 = text.charAt(at);
        char c1 = text.charAt(at + 1);
        char c2 = text.charAt(at + 2);
        char c3 = text.charAt(at + 3);
        if ((c0 | c1 | c2 | c3) >= 128) {
            return -1;
        }
        int r0 = PLAIN[c0];
        int r1 = PLAIN[c1];
        int r2 = PLAIN[c2];
        int r3 = PLAIN[c3];
        if ((r0 | r1 | r2 | r3) < 0) {
            return -1;
        }
        return r0 << 18 | r1 << 12 | r2 << 6 | r3;
    }
}
