// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.system;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/**
 * A POSIX TZ rule such as {@code CET-1CEST,M3.5.0,M10.5.0/3} (POSIX.1 Base Definitions 8.3, as
 * extended by RFC 8536 3.3.1): the TZif footer, or a TZ variable that names no zone file.
 * Offsets in the text count west of UTC; {@link #at} answers east of UTC, as TZif does.
 */
public final class PosixTimeZone {

    private final TimeZoneFile.Interval standard;
    private final Optional<TimeZoneFile.Interval> daylight;
    private final Rule start;
    private final Rule end;

    private PosixTimeZone(TimeZoneFile.Interval standard, Optional<TimeZoneFile.Interval> daylight, Rule start, Rule end) {
        this.standard = standard;
        this.daylight = daylight;
        this.start = start;
        this.end = end;
    }

    /** The rule in {@code text}, or empty when it is not one this parser knows. */
    public static Optional<PosixTimeZone> parse(String text) {
        try {
            Cursor in = new Cursor(text);
            String standardName = in.name();
            int standardOffset = -in.offset();
            TimeZoneFile.Interval standard = new TimeZoneFile.Interval(standardName, standardOffset);
            if (in.atEnd()) {
                return Optional.of(new PosixTimeZone(standard, Optional.empty(), null, null));
            }
            String daylightName = in.name();
            int daylightOffset = in.peekOffset() ? -in.offset() : standardOffset + 3600;
            Rule start = Rule.US_DEFAULT_START;
            Rule end = Rule.US_DEFAULT_END;
            if (!in.atEnd()) {
                in.expect(',');
                start = in.rule();
                in.expect(',');
                end = in.rule();
            }
            if (!in.atEnd()) {
                return Optional.empty();
            }
            return Optional.of(new PosixTimeZone(standard,
                    Optional.of(new TimeZoneFile.Interval(daylightName, daylightOffset)), start, end));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The interval in force at {@code epochSecond}. */
    public TimeZoneFile.Interval at(long epochSecond) {
        if (daylight.isEmpty()) {
            return standard;
        }
        int year = LocalDate.ofEpochDay(Math.floorDiv(epochSecond + standard.offset(), 86_400)).getYear();
        // Transition times are local: the start in standard time, the end in daylight time.
        long startsAt = start.epochSecond(year) - standard.offset();
        long endsAt = end.epochSecond(year) - daylight.get().offset();
        boolean inDaylight = startsAt < endsAt
                ? epochSecond >= startsAt && epochSecond < endsAt
                : epochSecond < endsAt || epochSecond >= startsAt; // southern hemisphere
        return inDaylight ? daylight.get() : standard;
    }

    /** A transition date and local time: Mm.w.d, Jn (1-365, no Feb 29) or n (0-365). */
    private record Rule(char kind, int month, int week, int day, int seconds) {

        static final Rule US_DEFAULT_START = new Rule('M', 3, 2, 0, 7200);
        static final Rule US_DEFAULT_END = new Rule('M', 11, 1, 0, 7200);

        /** The rule's local date and time in {@code year}, as seconds since the epoch read as UTC. */
        long epochSecond(int year) {
            LocalDate date = switch (kind) {
                case 'M' -> week == 5
                        ? LocalDate.of(year, month, 1).with(TemporalAdjusters.lastInMonth(dayOfWeek(day)))
                        : LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(week, dayOfWeek(day)));
                case 'J' -> LocalDate.ofYearDay(year, day > 59 && LocalDate.of(year, 1, 1).isLeapYear() ? day + 1 : day);
                default -> LocalDate.ofYearDay(year, day + 1);
            };
            return date.atStartOfDay().toEpochSecond(ZoneOffset.UTC) + seconds;
        }

        private static DayOfWeek dayOfWeek(int posixDay) {
            return posixDay == 0 ? DayOfWeek.SUNDAY : DayOfWeek.of(posixDay);
        }
    }

    /** Reads the rule's text left to right. */
    private static final class Cursor {
        private final String text;
        private int at;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return at == text.length();
        }

        void expect(char c) {
            if (atEnd() || text.charAt(at) != c) {
                throw new IllegalArgumentException("expected " + c);
            }
            at++;
        }

        /** A zone name: three or more letters, or anything between angle brackets. */
        String name() {
            int from = at;
            if (!atEnd() && text.charAt(at) == '<') {
                int close = text.indexOf('>', at);
                at = close + 1;
                return text.substring(from + 1, close);
            }
            while (!atEnd() && Character.isLetter(text.charAt(at))) {
                at++;
            }
            if (at - from < 3) {
                throw new IllegalArgumentException("name too short");
            }
            return text.substring(from, at);
        }

        boolean peekOffset() {
            return !atEnd() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '+' || text.charAt(at) == '-');
        }

        /** [+-]hh[:mm[:ss]] in seconds, sign as written. */
        int offset() {
            int sign = 1;
            if (text.charAt(at) == '+' || text.charAt(at) == '-') {
                sign = text.charAt(at++) == '-' ? -1 : 1;
            }
            int seconds = number() * 3600;
            if (!atEnd() && text.charAt(at) == ':') {
                at++;
                seconds += number() * 60;
                if (!atEnd() && text.charAt(at) == ':') {
                    at++;
                    seconds += number();
                }
            }
            return sign * seconds;
        }

        Rule rule() {
            char kind = text.charAt(at);
            Rule rule;
            if (kind == 'M') {
                at++;
                int month = number();
                expect('.');
                int week = number();
                expect('.');
                rule = new Rule('M', month, week, number(), 7200);
            } else if (kind == 'J') {
                at++;
                rule = new Rule('J', 0, 0, number(), 7200);
            } else {
                rule = new Rule('n', 0, 0, number(), 7200);
            }
            if (!atEnd() && text.charAt(at) == '/') {
                at++;
                rule = new Rule(rule.kind(), rule.month(), rule.week(), rule.day(), offset());
            }
            return rule;
        }

        private int number() {
            int from = at;
            while (!atEnd() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            return Integer.parseInt(text.substring(from, at));
        }
    }
}
