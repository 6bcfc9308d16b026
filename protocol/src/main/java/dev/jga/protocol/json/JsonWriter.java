// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON exactly as qemu's {@code qobject_to_json} does (qobject/qjson.c), so replies are
 * byte-identical to qemu-ga's: {@code ": "} and {@code ", "} separators, every non-ASCII character
 * and DEL escaped as upper-case {@code \}{@code uXXXX} (astral ones as surrogate pairs), {@code /}
 * left alone, and doubles printed with C's {@code %.17g}.
 *
 * <p>The output is pure ASCII, so it is written as bytes with no charset encoder in the way.
 */
public final class JsonWriter {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /**
     * Raw bytes encoded per piece of a base64 string: a multiple of 3, so pieces concatenate
     * without padding; its 256 KiB of text go to the stream in one write (a 20 MB reply moves
     * through a unix socket ~25 % faster than in 64 KiB writes).
     */
    private static final int BASE64_CHUNK = 3 * 64 * 1024;

    /**
     * Bytes gathered before they go to the stream in one write: a reply is written a byte at a
     * time, and each {@code write(int)} of a {@code BufferedOutputStream} takes its lock.
     */
    private static final int PENDING_BYTES = 8192;

    private final OutputStream out;
    private final byte[] pending = new byte[PENDING_BYTES];
    private int count;

    private JsonWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes {@code value} to {@code out}; the caller flushes {@code out}. */
    public static void write(Json value, OutputStream out) throws IOException {
        JsonWriter writer = new JsonWriter(out);
        writer.value(value);
        writer.drain();
    }

    /**
     * A writer that keeps its buffer for every value it writes to {@code out}: a connection's
     * replies then allocate no buffer each, which on a host polling small replies was most of
     * what the agent allocated, and so most of its collections.
     */
    public static JsonWriter to(OutputStream out) {
        return new JsonWriter(out);
    }

    /**
     * Appends {@code value}; it reaches the stream at the latest on {@link #drain()}. A value that
     * cannot be written leaves nothing pending, so the next one does not start with its pieces.
     */
    public void append(Json value) throws IOException {
        try {
            value(value);
        } catch (RuntimeException e) {
            count = 0;
            throw e;
        }
    }

    /** Appends one raw byte (a reply's delimiter or line end). */
    public void appendByte(int b) throws IOException {
        put(b);
    }

    /** The wire text of {@code value}. */
    public static String toString(Json value) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            write(value, buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toString(StandardCharsets.US_ASCII);
    }

    /**
     * Writes {@code root} with an explicit stack of open containers rather than recursion: a
     * request's {@code id} may nest 1023 levels deep and is echoed in the reply, which must not
     * overflow the agent's small thread stacks ({@code -Xss256k}).
     */
    private void value(Json root) throws IOException {
        ArrayDeque<OpenContainer> open = new ArrayDeque<>();
        start(root, open);
        while (!open.isEmpty()) {
            OpenContainer container = open.peek();
            if (!container.hasNext()) {
                put(container.closer());
                open.pop();
                continue;
            }
            if (!container.first) {
                put(',');
                put(' ');
            }
            container.first = false;
            start(container.next(), open);
        }
    }

    /** Writes a scalar whole, or the opening bracket of a container and pushes it. */
    private void start(Json value, ArrayDeque<OpenContainer> open) throws IOException {
        // An if chain, not a pattern switch: a pattern switch links to a class spun at run time,
        // which JDK 25's AOT cache does not keep; this runs before the agent's first reply
        // (docs/performance.md, "Where the start time goes").
        if (value instanceof JsonObject object) {
            put('{');
            open.push(new ObjectMembers(object));
        } else if (value instanceof JsonArray array) {
            put('[');
            open.push(new ArrayElements(array));
        } else if (value instanceof JsonString string) {
            string(string.value());
        } else if (value instanceof JsonBytes bytes) {
            base64(bytes);
        } else if (value instanceof JsonInteger integer) {
            ascii(Long.toString(integer.value()));
        } else if (value instanceof JsonUnsigned unsigned) {
            ascii(Long.toUnsignedString(unsigned.bits()));
        } else if (value instanceof JsonDouble number) {
            ascii(formatDouble(number.value()));
        } else if (value instanceof JsonBool bool) {
            ascii(bool.value() ? "true" : "false");
        } else if (value instanceof JsonNull) {
            ascii("null");
        } else {
            throw new IllegalStateException("unknown JSON value " + value);
        }
    }

    /** An object or array being written; {@link #next()} yields its members in order. */
    private abstract static class OpenContainer {
        boolean first = true;

        abstract boolean hasNext();

        abstract Json next() throws IOException;

        abstract char closer();
    }

    private final class ObjectMembers extends OpenContainer {
        private final Iterator<Map.Entry<String, Json>> members;

        ObjectMembers(JsonObject object) {
            members = object.members().entrySet().iterator();
        }

        @Override
        boolean hasNext() {
            return members.hasNext();
        }

        /** Writes the member's name and {@code ": "}, and returns its value. */
        @Override
        Json next() throws IOException {
            Map.Entry<String, Json> member = members.next();
            string(member.getKey());
            put(':');
            put(' ');
            return member.getValue();
        }

        @Override
        char closer() {
            return '}';
        }
    }

    private static final class ArrayElements extends OpenContainer {
        private final Iterator<Json> elements;

        ArrayElements(JsonArray array) {
            elements = array.elements().iterator();
        }

        @Override
        boolean hasNext() {
            return elements.hasNext();
        }

        @Override
        Json next() {
            return elements.next();
        }

        @Override
        char closer() {
            return ']';
        }
    }

    private void string(String text) throws IOException {
        put('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> ascii("\\\"");
                case '\\' -> ascii("\\\\");
                case '\b' -> ascii("\\b");
                case '\f' -> ascii("\\f");
                case '\n' -> ascii("\\n");
                case '\r' -> ascii("\\r");
                case '\t' -> ascii("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7F) {
                        unicodeEscape(c);
                    } else {
                        put(c);
                    }
                }
            }
        }
        put('"');
    }

    /**
     * Java strings are UTF-16, so an astral character is already the surrogate pair qemu prints.
     * A lone surrogate cannot come from the wire (the lexer rejects it) and is printed as is.
     */
    private void unicodeEscape(char c) throws IOException {
        put('\\');
        put('u');
        put(HEX[(c >> 12) & 0xF]);
        put(HEX[(c >> 8) & 0xF]);
        put(HEX[(c >> 4) & 0xF]);
        put(HEX[c & 0xF]);
    }

    /** Encodes straight from the value's bytes into one text buffer, reused for every piece. */
    private void base64(JsonBytes bytes) throws IOException {
        put('"');
        byte[] data = bytes.data();
        int at = bytes.offset();
        int end = at + bytes.length();
        byte[] text = new byte[(int) Base64Text.encodedLength(Math.min(BASE64_CHUNK, bytes.length()))];
        while (end - at >= 3) {
            int n = Math.min(BASE64_CHUNK, (end - at) / 3 * 3);
            bulk(text, 0, Base64Text.encodeTriples(data, at, at + n, text, 0));
            at += n;
        }
        if (at < end) {
            bulk(text, 0, Base64Text.encodeTail(data, at, end - at, text, 0));
        }
        put('"');
    }

    private void ascii(String text) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            put(text.charAt(i));
        }
    }

    private void put(int b) throws IOException {
        if (count == pending.length) {
            drain();
        }
        pending[count++] = (byte) b;
    }

    /** A long piece (base64 text) goes to the stream as it is, after what is pending. */
    private void bulk(byte[] bytes, int offset, int length) throws IOException {
        drain();
        out.write(bytes, offset, length);
    }

    /** Passes what is pending to the stream; the caller flushes the stream. */
    public void drain() throws IOException {
        if (count > 0) {
            out.write(pending, 0, count);
            count = 0;
        }
    }

    /** C's {@code printf("%.17g", value)}, which qemu uses for every double (qnum_to_string). */
    static String formatDouble(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(17, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 17) {
            return scientific(rounded, exponent);
        }
        return stripZeros(rounded.setScale(Math.max(0, 16 - exponent), RoundingMode.UNNECESSARY)
                .toPlainString());
    }

    private static String scientific(BigDecimal rounded, int exponent) {
        BigDecimal mantissa = rounded.movePointLeft(exponent).setScale(16, RoundingMode.UNNECESSARY);
        String digits = stripZeros(mantissa.toPlainString());
        String sign = exponent < 0 ? "-" : "+";
        int magnitude = Math.abs(exponent);
        return digits + "e" + sign + (magnitude < 10 ? "0" : "") + magnitude;
    }

    private static String stripZeros(String plain) {
        if (plain.indexOf('.') < 0) {
            return plain;
        }
        int end = plain.length();
        while (plain.charAt(end - 1) == '0') {
            end--;
        }
        if (plain.charAt(end - 1) == '.') {
            end--;
        }
        return plain.substring(0, end);
    }
}
