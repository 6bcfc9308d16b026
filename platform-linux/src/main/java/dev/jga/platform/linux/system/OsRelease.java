// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.system;

import dev.jga.platform.linux.nativeapi.WholeFile;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An os-release(5) file read as qemu-ga reads it (qga/commands-posix.c ga_parse_osrelease and
 * ga_osrelease_replace_special): as a GKeyFile group, so a line that is neither a comment nor
 * KEY=VALUE makes the whole file unreadable; a value in double quotes loses its quotes and the
 * backslashes before $ ' " \ `; any other value is cut at its first space, then at its first ';'
 * (qemu treats single quotes as no quotes).
 */
public final class OsRelease {

    /** The most read of the file; the rest is ignored (docs/compatibility.md). */
    static final int MAX_BYTES = 1024 * 1024;

    private final Map<String, String> values;

    private OsRelease(Map<String, String> values) {
        this.values = values;
    }

    /** The file's values, or empty when it is missing, not UTF-8 or not a key file. */
    public static Optional<OsRelease> read(Path file) {
        byte[] bytes = WholeFile.readIfPresent(file.toString(), MAX_BYTES);
        if (bytes == null) {
            return Optional.empty();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        boolean inGroup = true; // qemu puts "[os-release]" before the file's first line
        for (String line : text.split("\n", -1)) {
            String trimmed = line.stripLeading();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("[") && trimmed.stripTrailing().endsWith("]")) {
                inGroup = trimmed.stripTrailing().equals("[os-release]");
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                return Optional.empty(); // g_key_file_load_from_data: not a key-value pair
            }
            String key = trimmed.substring(0, equals).stripTrailing();
            if (inGroup) {
                values.put(key, trimmed.substring(equals + 1).stripLeading());
            }
        }
        return Optional.of(new OsRelease(values));
    }

    /** The value of {@code key} after qemu's unquoting, if the file has the key. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).map(OsRelease::unquote);
    }

    static String unquote(String value) {
        if (!value.startsWith("\"")) {
            return cut(cut(value, ' '), ';');
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && "$'\"\\`".indexOf(value.charAt(i + 1)) >= 0) {
                out.append(value.charAt(++i));
            } else if (c == '"') {
                break;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String cut(String value, char at) {
        int index = value.indexOf(at);
        return index < 0 ? value : value.substring(0, index);
    }
}
