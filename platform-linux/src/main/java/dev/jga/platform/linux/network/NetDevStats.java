// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.network;

import dev.jga.protocol.schema.NetworkCommand.GuestNetworkInterfaceStat;
import java.util.Optional;

/**
 * An interface's counters from /proc/net/dev's text, found and parsed as qemu-ga's
 * guest_get_network_stats does (qga/commands-posix.c): the line whose text before its first
 * colon (leading blanks skipped) is the name, then sixteen numbers; a line with fewer is passed
 * over. Counters are parsed as C's %lld: a value beyond the signed range saturates.
 */
final class NetDevStats {

    private static final int FIELDS = 16;

    private NetDevStats() {}

    static Optional<GuestNetworkInterfaceStat> find(String procNetDev, String name) {
        for (String line : procNetDev.split("\n")) {
            String trimmed = line.stripLeading();
            int colon = trimmed.indexOf(':');
            if (colon != name.length() || !trimmed.startsWith(name)) {
                continue;
            }
            long[] values = numbers(trimmed.substring(colon + 1));
            if (values != null) {
                return Optional.of(new GuestNetworkInterfaceStat(values[0], values[1], values[2], values[3],
                        values[8], values[9], values[10], values[11]));
            }
        }
        return Optional.empty();
    }

    /**
     * The first sixteen whitespace-separated numbers, or null if there are fewer or one of them is
     * not a number. Scanned by hand: this runs for each interface on every poll.
     */
    private static long[] numbers(String text) {
        long[] values = new long[FIELDS];
        int at = 0;
        for (int i = 0; i < FIELDS; i++) {
            while (at < text.length() && isSpace(text.charAt(at))) {
                at++;
            }
            int start = at;
            while (at < text.length() && !isSpace(text.charAt(at))) {
                at++;
            }
            if (start == at || !isInteger(text, start, at)) {
                return null;
            }
            values[i] = saturating(text.substring(start, at));
        }
        return values;
    }

    /** The regular-expression class {@code \s}: blank, tab, newline, vertical tab, form feed, return. */
    private static boolean isSpace(char c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }

    /** {@code [+-]?[0-9]+}. */
    private static boolean isInteger(String text, int start, int end) {
        int digits = text.charAt(start) == '+' || text.charAt(start) == '-' ? start + 1 : start;
        if (digits == end) {
            return false;
        }
        for (int i = digits; i < end; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static long saturating(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException overflow) {
            return digits.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
