// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

import java.util.List;
import java.util.Optional;

/**
 * What the guest says about itself: its OS, clock, time zone, logged-in users and load
 * (qga/qapi-schema.json; served from qga/commands-posix.c and qga/commands.c on Linux).
 */
public sealed interface InfoCommand<R> extends Command<R> {

    /** The kernel's host name now, not one cached at start (qga/commands.c qmp_guest_get_host_name). */
    @Qapi(name = "guest-get-host-name", since = "2.10", doc = "Returns the guest's host name.")
    record GetHostName() implements InfoCommand<GuestHostName> {}

    @Qapi(name = "guest-get-osinfo", since = "2.10",
            doc = "Reports the kernel (uname) and the distribution (os-release: id, name, version...).")
    record GetOsInfo() implements InfoCommand<GuestOsInfo> {}

    /** {@code zone} is the abbreviation in force now (glib's g_time_zone_get_abbreviation), not a zone name. */
    @Qapi(name = "guest-get-timezone", since = "2.10",
            doc = "Reports the local time zone's abbreviation now in force and its offset from UTC in seconds.")
    record GetTimezone() implements InfoCommand<GuestTimezone> {}

    /** Nanoseconds since the epoch, at microsecond resolution (qemu: g_get_real_time() * 1000). */
    @Qapi(name = "guest-get-time", since = "1.5", doc = "Reports the guest's clock in nanoseconds since the epoch.")
    record GetTime() implements InfoCommand<Long> {}

    /**
     * With {@code time}: sets the system clock, then writes it to the hardware clock
     * ({@code hwclock -w}); without: sets the system clock from the hardware clock ({@code hwclock -s}).
     */
    @Qapi(name = "guest-set-time", since = "1.5",
            doc = "Sets the clock to time (ns since the epoch) and the hardware clock from it; without time, the clock from the hardware clock.")
    record SetTime(Optional<Long> time) implements InfoCommand<Empty> {}

    /** One entry per user name, with the earliest login of that user's sessions. */
    @Qapi(name = "guest-get-users", since = "2.10",
            doc = "Lists the users logged in (utmp), each once, with the earliest login time of their sessions.")
    record GetUsers() implements InfoCommand<List<GuestUser>> {}

    @Qapi(name = "guest-get-load", since = "10.0",
            doc = "Reports the 1, 5 and 15 minute load averages.")
    record GetLoad() implements InfoCommand<GuestLoadAverage> {}

    /** QAPI struct GuestHostName. */
    record GuestHostName(String hostName) {}

    /** uname(2) fields and os-release(5) fields; each is left out when its source lacks it. */
    record GuestOsInfo(
            Optional<String> kernelRelease,
            Optional<String> kernelVersion,
            Optional<String> machine,
            Optional<String> id,
            Optional<String> name,
            Optional<String> prettyName,
            Optional<String> version,
            Optional<String> versionId,
            Optional<String> variant,
            Optional<String> variantId) {}

    /** {@code offset}: seconds east of UTC. */
    record GuestTimezone(Optional<String> zone, long offset) {}

    /** {@code loginTime}: seconds since the epoch, with the microseconds as a fraction; domain is Windows only. */
    record GuestUser(String user, double loginTime, Optional<String> domain) {}

    record GuestLoadAverage(double load1m, double load5m, double load15m) {}
}
