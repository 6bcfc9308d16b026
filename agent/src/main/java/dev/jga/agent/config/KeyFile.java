// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The part of GLib's {@code GKeyFile} that qemu-ga uses for its configuration, reading and
 * writing byte for byte as GLib 2.74 does (glib/gkeyfile.c): groups in {@code [brackets]},
 * {@code key=value} lines, {@code #} comments and blank lines, leading whitespace ignored,
 * whitespace around {@code =} dropped but trailing whitespace kept in values, a repeated key
 * replaces the earlier one, a repeated group continues it, {@code key[locale]} entries are
 * ignored. The first malformed line rejects the whole file, with GLib's message.
 *
 * <p>Values are kept raw; {@link #string} and {@link #bool} interpret them on access, as
 * {@code g_key_file_get_string/get_boolean} do, so an unused bad value is harmless.
 */
public final class KeyFile {

    private final Map<String, Map<String, RawValue>> groups;

    private KeyFile(Map<String, Map<String, RawValue>> groups) {
        this.groups = groups;
    }

    /** A value as read: its text, and whether its bytes were valid UTF-8 (GLib checks on access). */
    private record RawValue(String text, boolean utf8) {}

    /** Parses keyfile bytes (g_key_file_load_from_data with no flags). */
    public static KeyFile parse(byte[] data) throws KeyFileException {
        Map<String, Map<String, RawValue>> groups = new HashMap<>();
        Map<String, RawValue> current = null;
        int start = 0;
        while (start < data.length) {
            int end = indexOf(data, (byte) '\n', start);
            int lineEnd = end < 0 ? data.length : end;
            // g_key_file_parse_data: a "\r\n" line ending loses its '\r'
            if (end >= 0 && lineEnd > start && data[lineEnd - 1] == '\r') {
                lineEnd--;
            }
            current = parseLine(data, start, lineEnd, groups, current);
            start = end < 0 ? data.length : end + 1;
        }
        return new KeyFile(groups);
    }

    private static Map<String, RawValue> parseLine(byte[] data, int from, int to,
            Map<String, Map<String, RawValue>> groups, Map<String, RawValue> current) throws KeyFileException {
        int at = from;
        while (at < to && isAsciiSpace(data[at])) {
            at++;
        }
        if (at == to || data[at] == '#') {
            return current;
        }
        String line = lenient(data, at, to);
        if (isGroupLine(line)) {
            String name = line.substring(1, line.indexOf(']'));
            if (!isGroupName(name)) {
                throw new KeyFileException("Invalid group name: " + name);
            }
            return groups.computeIfAbsent(name, unused -> new HashMap<>());
        }
        int equals = line.indexOf('=');
        if (equals <= 0) {
            throw new KeyFileException("Key file contains line “" + lenient(data, from, to)
                    + "” which is not a key-value pair, group, or comment");
        }
        if (current == null) {
            throw new KeyFileException("Key file does not start with a group");
        }
        int keyEnd = equals;
        while (keyEnd > 0 && isAsciiSpace((byte) line.charAt(keyEnd - 1))) {
            keyEnd--;
        }
        String key = line.substring(0, keyEnd);
        if (!isKeyName(key)) {
            throw new KeyFileException("Invalid key name: " + key);
        }
        int valueStart = afterFirstEquals(data, at, to);
        while (valueStart < to && isAsciiSpace(data[valueStart])) {
            valueStart++;
        }
        current.put(key, new RawValue(lenient(data, valueStart, to), isUtf8(data, valueStart, to)));
        return current;
    }

    /** The byte after the line's first '=' (never part of a multi-byte UTF-8 sequence). */
    private static int afterFirstEquals(byte[] data, int lineStart, int lineEnd) {
        return indexOf(data, (byte) '=', lineStart) + 1;
    }

    /** g_key_file_line_is_group: '[', a ']', then only blanks. */
    private static boolean isGroupLine(String line) {
        if (!line.startsWith("[")) {
            return false;
        }
        int close = line.indexOf(']');
        return close > 0 && line.substring(close + 1).chars().allMatch(c -> c == ' ' || c == '\t');
    }

    /** g_key_file_is_group_name: non-empty, no brackets, no control characters. */
    private static boolean isGroupName(String name) {
        return !name.isEmpty() && name.chars().noneMatch(c -> c == '[' || c == ']' || c < 0x20 || c == 0x7f);
    }

    /** g_key_file_is_key_name: non-empty, no '=', no brackets except one {@code [locale]} suffix, no outer spaces. */
    private static boolean isKeyName(String key) {
        int end = 0;
        while (end < key.length() && "=[]".indexOf(key.charAt(end)) < 0) {
            end++;
        }
        if (end == 0 || key.charAt(0) == ' ' || key.charAt(end - 1) == ' ') {
            return false;
        }
        if (end < key.length() && key.charAt(end) == '[') {
            end++;
            while (end < key.length() && isLocaleChar(key.charAt(end))) {
                end++;
            }
            if (end >= key.length() || key.charAt(end) != ']') {
                return false;
            }
            end++;
        }
        return end == key.length();
    }

    private static boolean isLocaleChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '@';
    }

    /** g_key_file_get_string: the value with its escapes resolved, empty if the key is absent. */
    public Optional<String> string(String group, String key) throws KeyFileException {
        Optional<RawValue> raw = raw(group, key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (!raw.get().utf8()) {
            throw new KeyFileException("Key file contains key “" + key + "” with value “" + raw.get().text()
                    + "” which is not UTF-8");
        }
        return Optional.of(unescape(raw.get().text(), key));
    }

    /** g_key_file_get_boolean: {@code true}/{@code 1} or {@code false}/{@code 0}, trailing blanks ignored. */
    public Optional<Boolean> bool(String group, String key) throws KeyFileException {
        Optional<RawValue> raw = raw(group, key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String text = raw.get().text().stripTrailing();
        return switch (text) {
            case "true", "1" -> Optional.of(true);
            case "false", "0" -> Optional.of(false);
            default -> throw uninterpretable(key);
        };
    }

    public boolean has(String group, String key) {
        return raw(group, key).isPresent();
    }

    private Optional<RawValue> raw(String group, String key) {
        return Optional.ofNullable(groups.getOrDefault(group, Map.of()).get(key));
    }

    private static String unescape(String value, String key) throws KeyFileException {
        StringBuilder out = new StringBuilder(value.length());
        for (int at = 0; at < value.length(); at++) {
            char c = value.charAt(at);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++at == value.length()) {
                throw uninterpretable(key); // "escape character at end of line"
            }
            switch (value.charAt(at)) {
                case 's' -> out.append(' ');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '\\' -> out.append('\\');
                default -> throw uninterpretable(key); // "invalid escape sequence"
            }
        }
        return out.toString();
    }

    /** GLib wraps every value error of get_string/get_boolean in this one text. */
    private static KeyFileException uninterpretable(String key) {
        return new KeyFileException("Key file contains key “" + key + "” which has a value that cannot be interpreted.");
    }

    /**
     * g_key_file_set_string's escaping (g_key_file_parse_string_as_value without list
     * separators): backslash, newline and carriage return always; spaces and tabs only while no
     * other character has been written, so the value survives GLib's leading-blank stripping.
     */
    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean leading = true;
        for (int at = 0; at < value.length(); at++) {
            char c = value.charAt(at);
            switch (c) {
                case ' ' -> out.append(leading ? "\\s" : " ");
                case '\t' -> out.append(leading ? "\\t" : "\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\\' -> {
                    out.append("\\\\");
                    leading = false;
                }
                default -> {
                    out.append(c);
                    leading = false;
                }
            }
        }
        return out.toString();
    }

    /** g_ascii_isspace: unlike C's isspace, not the vertical tab. */
    private static boolean isAsciiSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r';
    }

    private static int indexOf(byte[] data, byte wanted, int from) {
        for (int at = from; at < data.length; at++) {
            if (data[at] == wanted) {
                return at;
            }
        }
        return -1;
    }

    /** g_utf8_make_valid: bad bytes become U+FFFD. */
    private static String lenient(byte[] data, int from, int to) {
        return new String(data, from, to - from, StandardCharsets.UTF_8);
    }

    private static boolean isUtf8(byte[] data, int from, int to) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, from, to - from));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
