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

    static {
        Arrays.fill(RANK, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            RANK[alphabet.charAt(i)] = (byte) i;
        }
        RANK['='] = 0;
    }

    private GlibBase64() {}

    /** Decodes {@code text}; throws "Base64 data contains invalid characters" as qemu-ga does. */
    public static byte[] decode(String text) {
        int length = text.length();
        byte[] out = new byte[(length / 4) * 3 + 3];
        int written = 0;
        int value = 0;
        int inGroup = 0;
        char last0 = 0;
        char last1 = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
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
        return written == out.length ? out : Arrays.copyOf(out, written);
    }
}
