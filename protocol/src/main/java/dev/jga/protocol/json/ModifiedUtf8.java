// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

/**
 * qemu's UTF-8 rules (util/unicode.c), which differ from Java's decoder: {@code C0 80} is U+0000
 * ("modified UTF-8"), the 66 noncharacters (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF) are invalid, and a
 * bad sequence is skipped exactly as {@code mod_utf8_codepoint} skips it. Both the parser (which
 * rejects what is invalid) and error texts (where qemu's JSON writer shows each bad sequence as one
 * U+FFFD) depend on these exact boundaries.
 */
final class ModifiedUtf8 {

    /** Smallest code point that needs 2, 3, 4, 5, 6 bytes; anything below is overlong. */
    private static final int[] MIN_CODEPOINT = {0x80, 0x800, 0x10000, 0x200000, 0x4000000};

    private ModifiedUtf8() {}

    /** Mirrors {@code is_valid_codepoint}. */
    static boolean isValidCodepoint(int codepoint) {
        if (codepoint < 0 || codepoint > 0x10FFFF) {
            return false; // beyond Unicode range (C compares as unsigned, so -1 lands here too)
        }
        if ((codepoint >= 0xFDD0 && codepoint <= 0xFDEF) || (codepoint & 0xFFFE) == 0xFFFE) {
            return false; // noncharacter
        }
        return codepoint < 0xD800 || codepoint > 0xDFFF; // no surrogates
    }

    /**
     * Mirrors {@code mod_utf8_codepoint(s, 6, &end)} for the C string {@code bytes[at..limit)}; bytes
     * at or past {@code limit} read as the NUL terminator.
     *
     * @return the code point (or -1 when invalid) in the low 32 bits and {@code end} in the high 32
     *     bits; take them apart with {@link #codepoint(long)} and {@link #end(long)}
     */
    static long decode(byte[] bytes, int at, int limit) {
        int p = at;
        int lead = byteAt(bytes, p, limit);
        if (lead == 0) {
            return pack(-1, p); // empty sequence
        }
        p++;
        if (lead < 0x80) {
            return pack(lead, p);
        }
        if (lead >= 0xFE || (lead & 0x40) == 0) {
            return pack(-1, p); // impossible byte, or unexpected continuation byte
        }
        int length = 0;
        int mask = 0x80;
        for (; (lead & mask) != 0; mask >>= 1) {
            length++;
        }
        int codepoint = lead & (mask - 1);
        for (int i = 1; i < length; i++) {
            int continuation = byteAt(bytes, p, limit);
            if ((continuation & 0xC0) != 0x80) {
                return pack(-1, p); // continuation byte missing
            }
            p++;
            codepoint = (codepoint << 6) | (continuation & 0x3F);
        }
        if (!isValidCodepoint(codepoint)) {
            return pack(-1, p);
        }
        if (codepoint < MIN_CODEPOINT[length - 2] && !(codepoint == 0 && length == 2)) {
            return pack(-1, p); // overlong, other than C0 80
        }
        return pack(codepoint, p);
    }

    static int codepoint(long decoded) {
        return (int) decoded;
    }

    static int end(long decoded) {
        return (int) (decoded >>> 32);
    }

    /**
     * The text a C string {@code bytes[from..to)} shows once qemu's JSON writer has printed it: it
     * stops at the first NUL byte, and every invalid sequence becomes one U+FFFD. Used for error
     * texts that quote input, like {@code stray '...'}.
     */
    static String display(byte[] bytes, int from, int to) {
        StringBuilder text = new StringBuilder(Math.min(to - from, 1 << 16));
        int at = from;
        while (at < to && bytes[at] != 0) {
            long decoded = decode(bytes, at, to);
            int codepoint = codepoint(decoded);
            text.appendCodePoint(codepoint < 0 ? 0xFFFD : codepoint);
            at = end(decoded);
        }
        return text.toString();
    }

    private static int byteAt(byte[] bytes, int at, int limit) {
        return at < limit ? bytes[at] & 0xFF : 0;
    }

    private static long pack(int codepoint, int end) {
        return ((long) end << 32) | (codepoint & 0xFFFFFFFFL);
    }
}
