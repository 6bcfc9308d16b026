// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.link;

import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParser;
import java.util.Optional;

/** Reads one line of agent output as a reply object, or says it is not one (garbage is skipped, never fatal). */
final class ReplyLine {

    private ReplyLine() {}

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
