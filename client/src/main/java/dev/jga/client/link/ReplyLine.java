// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.link;

import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParser;
import java.util.Arrays;
import java.util.Optional;

/**
 * One line of agent output (the bytes before a {@code "\n"}). Every reply ends in exactly one
 * newline and holds no raw newline (qemu escapes control characters), so lines are replies; a line
 * that holds 0xFF is read after its last 0xFF, which is what "discard everything up to the
 * delimiter" means for a guest-sync-delimited reply behind another client's leftovers.
 */
final class ReplyLine {

    private ReplyLine() {}

    /** The line after its last 0xFF, without a trailing {@code \r}. */
    static byte[] afterDelimiter(byte[] line) {
        int begin = 0;
        for (int i = line.length - 1; i >= 0; i--) {
            if (line[i] == RawLink.DELIMITER) {
                begin = i + 1;
                break;
            }
        }
        int stop = line.length > begin && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        return begin == 0 && stop == line.length ? line : Arrays.copyOfRange(line, begin, stop);
    }

    /** The line as a reply object, or empty when it is not one (garbage is skipped, never fatal). */
    static Optional<JsonObject> parse(byte[] line) {
        if (isBlank(line)) {
            return Optional.empty();
        }
        try {
            return JsonParser.parse(line) instanceof JsonObject object ? Optional.of(object) : Optional.empty();
        } catch (RuntimeException notJson) {
            // Another client's leftovers, a torn line: not ours, whatever it is.
            return Optional.empty();
        }
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
