// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import java.util.Map;
import java.util.Optional;

/**
 * An fopen-style mode as guest-file-open accepts it, reduced to what the platform needs.
 * The table is qemu's guest_file_open_modes (qga/commands-posix.c): r rb w wb a ab r+ rb+ r+b
 * w+ wb+ w+b a+ ab+ a+b; "b" means nothing on POSIX.
 */
public record OpenMode(String text, boolean read, boolean write, boolean create, boolean truncate, boolean append) {

    private static final Map<String, OpenMode> MODES = Map.ofEntries(
            mode("r", true, false, false, false, false),
            mode("rb", true, false, false, false, false),
            mode("w", false, true, true, true, false),
            mode("wb", false, true, true, true, false),
            mode("a", false, true, true, false, true),
            mode("ab", false, true, true, false, true),
            mode("r+", true, true, false, false, false),
            mode("rb+", true, true, false, false, false),
            mode("r+b", true, true, false, false, false),
            mode("w+", true, true, true, true, false),
            mode("wb+", true, true, true, true, false),
            mode("w+b", true, true, true, true, false),
            mode("a+", true, true, true, false, true),
            mode("ab+", true, true, true, false, true),
            mode("a+b", true, true, true, false, true));

    /** The mode named {@code text}, or empty when qemu-ga would say "invalid file open mode". */
    public static Optional<OpenMode> parse(String text) {
        return Optional.ofNullable(MODES.get(text));
    }

    private static Map.Entry<String, OpenMode> mode(
            String text, boolean read, boolean write, boolean create, boolean truncate, boolean append) {
        return Map.entry(text, new OpenMode(text, read, write, create, truncate, append));
    }
}
