// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.system;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A compiled time zone (TZif, RFC 8536), asked what abbreviation and UTC offset are in force at
 * an instant: what glib's g_time_zone_find_interval, g_time_zone_get_offset and
 * g_time_zone_get_abbreviation give qemu-ga for guest-get-timezone (qga/commands.c). Past the
 * last transition the footer's POSIX TZ rule decides, as in glib.
 */
public final class TimeZoneFile {

    /** The abbreviation and offset (seconds east of UTC) in force at some instant. */
    public record Interval(String abbreviation, int offset) {}

    private final long[] transitions;
    private final int[] transitionTypes;
    private final int[] offsets;
    private final int[] abbreviationIndexes;
    private final byte[] abbreviations;
    private final Optional<PosixTimeZone> footer;

    private TimeZoneFile(long[] transitions, int[] transitionTypes, int[] offsets, int[] abbreviationIndexes,
            byte[] abbreviations, Optional<PosixTimeZone> footer) {
        this.transitions = transitions;
        this.transitionTypes = transitionTypes;
        this.offsets = offsets;
        this.abbreviationIndexes = abbreviationIndexes;
        this.abbreviations = abbreviations;
        this.footer = footer;
    }

    /** The zone in {@code bytes}, or empty when they are not TZif data. */
    public static Optional<TimeZoneFile> parse(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            Header first = Header.read(in, 0);
            if (first == null) {
                return Optional.empty();
            }
            if (first.version == 0) {
                return Optional.of(body(in, first, 4, Optional.empty()));
            }
            in.position(first.end(4));
            Header second = Header.read(in, in.position());
            if (second == null) {
                return Optional.empty();
            }
            int bodyStart = in.position();
            in.position(second.end(8));
            Optional<PosixTimeZone> footer = footer(bytes, in.position());
            in.position(bodyStart);
            return Optional.of(body(in, second, 8, footer));
        } catch (RuntimeException e) {
            return Optional.empty(); // truncated or inconsistent: not a usable zone
        }
    }

    /** The interval in force at {@code epochSecond}. */
    public Interval at(long epochSecond) {
        if (transitions.length == 0 || epochSecond < transitions[0]) {
            if (transitions.length == 0 && footer.isPresent()) {
                return footer.get().at(epochSecond);
            }
            return interval(0); // RFC 8536 3.2: before the first transition, the first type
        }
        if (epochSecond >= transitions[transitions.length - 1] && footer.isPresent()) {
            return footer.get().at(epochSecond);
        }
        int index = 0;
        while (index + 1 < transitions.length && transitions[index + 1] <= epochSecond) {
            index++;
        }
        return interval(transitionTypes[index]);
    }

    private Interval interval(int type) {
        int start = abbreviationIndexes[type];
        int end = start;
        while (end < abbreviations.length && abbreviations[end] != 0) {
            end++;
        }
        return new Interval(new String(abbreviations, start, end - start, StandardCharsets.US_ASCII), offsets[type]);
    }

    private static TimeZoneFile body(ByteBuffer in, Header header, int timeSize, Optional<PosixTimeZone> footer) {
        long[] transitions = new long[header.timeCount];
        for (int i = 0; i < transitions.length; i++) {
            transitions[i] = timeSize == 8 ? in.getLong() : in.getInt();
        }
        int[] types = new int[header.timeCount];
        for (int i = 0; i < types.length; i++) {
            types[i] = Byte.toUnsignedInt(in.get());
        }
        int[] offsets = new int[header.typeCount];
        int[] abbreviationIndexes = new int[header.typeCount];
        for (int i = 0; i < header.typeCount; i++) {
            offsets[i] = in.getInt();
            in.get(); // isdst
            abbreviationIndexes[i] = Byte.toUnsignedInt(in.get());
        }
        byte[] abbreviations = new byte[header.charCount];
        in.get(abbreviations);
        return new TimeZoneFile(transitions, types, offsets, abbreviationIndexes, abbreviations, footer);
    }

    /** The footer: "\n" TZ-string "\n" after the version 2+ body. */
    private static Optional<PosixTimeZone> footer(byte[] bytes, int at) {
        if (at >= bytes.length || bytes[at] != '\n') {
            return Optional.empty();
        }
        int end = at + 1;
        while (end < bytes.length && bytes[end] != '\n') {
            end++;
        }
        return PosixTimeZone.parse(new String(bytes, at + 1, end - at - 1, StandardCharsets.US_ASCII));
    }

    /** The counts of a TZif header (RFC 8536 section 3.1). */
    private record Header(int start, int version, int isutCount, int isstdCount, int leapCount, int timeCount, int typeCount,
            int charCount) {

        static Header read(ByteBuffer in, int at) {
            in.position(at);
            if (in.remaining() < 44 || in.get() != 'T' || in.get() != 'Z' || in.get() != 'i' || in.get() != 'f') {
                return null;
            }
            byte version = in.get();
            in.position(at + 20);
            return new Header(at, version == 0 ? 0 : version - '0', in.getInt(), in.getInt(), in.getInt(), in.getInt(),
                    in.getInt(), in.getInt());
        }

        /** The position after the body of this header's data block, times being {@code timeSize} bytes. */
        int end(int timeSize) {
            return start + 44 + timeCount * timeSize + timeCount + typeCount * 6 + charCount + leapCount * (timeSize + 4)
                    + isstdCount + isutCount;
        }
    }
}
