// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.nio.charset.StandardCharsets;

/**
 * Turns a string token into its value, as json-parser.c {@code parse_string} does: escapes
 * (including {@code \'} and surrogate pairs), modified UTF-8 validation, and qemu's error texts.
 *
 * <p>The lexer only guarantees the token has no control characters and ends at the matching quote;
 * bad escapes and bad UTF-8 are found here. Runs of plain ASCII are copied in bulk, so a 64 MiB
 * base64 string costs one scan and one copy.
 */
final class StringTokenDecoder {

    private final byte[] bytes;
    /** End of the token; bytes at or past it read as C's NUL terminator. */
    private final int limit;
    private final byte quote;
    private StringBuilder text;

    private StringTokenDecoder(byte[] bytes, int start, int limit) {
        this.bytes = bytes;
        this.limit = limit;
        this.quote = bytes[start];
    }

    /** The value of the string token {@code bytes[start..end)}, quotes included. */
    static String decode(byte[] bytes, int start, int end) {
        return new StringTokenDecoder(bytes, start, end).decode(start + 1);
    }

    private String decode(int from) {
        int at = from;
        int plainEnd = endOfPlainAscii(at);
        if (byteAt(plainEnd) == quote) {
            return latin1(at, plainEnd); // fast path: nothing to unescape or validate
        }
        text = new StringBuilder(Math.max(16, limit - from));
        while (byteAt(at) != quote) {
            plainEnd = endOfPlainAscii(at);
            if (plainEnd > at) {
                text.append(latin1(at, plainEnd));
                at = plainEnd;
            } else if (byteAt(at) == '\\') {
                at = escape(at);
            } else {
                at = encodedCharacter(at);
            }
        }
        return text.toString();
    }

    /** {@code case '\\':} in parse_string; returns where the next character starts. */
    private int escape(int backslash) {
        int at = backslash + 1;
        switch (byteAt(at++)) {
            case '"' -> text.append('"');
            case '\'' -> text.append('\'');
            case '\\' -> text.append('\\');
            case '/' -> text.append('/');
            case 'b' -> text.append('\b');
            case 'f' -> text.append('\f');
            case 'n' -> text.append('\n');
            case 'r' -> text.append('\r');
            case 't' -> text.append('\t');
            case 'u' -> {
                return unicodeEscape(backslash, at);
            }
            default -> throw TokenParser.error("invalid escape sequence in string");
        }
        return at;
    }

    /** {@code \}{@code uXXXX}, possibly a surrogate pair {@code \}{@code uD83D\}{@code uDE00}. */
    private int unicodeEscape(int backslash, int digits) {
        int codepoint = fourHexDigits(digits);
        int at = digits + 4;
        if (codepoint >= 0xD800 && codepoint <= 0xDBFF && byteAt(at) == '\\' && byteAt(at + 1) == 'u') {
            int trailing = fourHexDigits(at + 2);
            if (trailing >= 0xDC00 && trailing <= 0xDFFF) {
                codepoint = 0x10000 + ((codepoint & 0x3FF) << 10) | (trailing & 0x3FF);
                at += 6;
            } else {
                codepoint = -1;
            }
        }
        if (!ModifiedUtf8.isValidCodepoint(codepoint)) {
            // "%.*s is not a valid Unicode character": the escape as written, cut at the NUL
            throw TokenParser.error(ModifiedUtf8.display(bytes, backslash, Math.min(at, limit))
                    + " is not a valid Unicode character");
        }
        text.appendCodePoint(codepoint);
        return at;
    }

    /** Any other byte: one modified UTF-8 sequence, validated. */
    private int encodedCharacter(int at) {
        long decoded = ModifiedUtf8.decode(bytes, at, limit);
        int codepoint = ModifiedUtf8.codepoint(decoded);
        if (codepoint < 0) {
            throw TokenParser.error("invalid UTF-8 sequence in string");
        }
        text.appendCodePoint(codepoint);
        return ModifiedUtf8.end(decoded);
    }

    /** {@code cvt4hex}: the value of four hex digits, or -1 at the first non-digit. */
    private int fourHexDigits(int at) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = hexDigit(byteAt(at + i));
            if (digit < 0) {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    private static int hexDigit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return 10 + c - 'a';
        }
        if (c >= 'A' && c <= 'F') {
            return 10 + c - 'A';
        }
        return -1;
    }

    /** End of the run of printable ASCII from {@code at} that needs no decoding. */
    private int endOfPlainAscii(int at) {
        int end = at;
        while (end < limit) {
            byte b = bytes[end];
            if (b < 0x20 || b == '\\' || b == quote) { // negative: a non-ASCII byte
                break;
            }
            end++;
        }
        return end;
    }

    private String latin1(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private int byteAt(int at) {
        return at < limit ? bytes[at] & 0xFF : 0;
    }
}
