// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import dev.jga.protocol.schema.InfoCommand.GuestLoadAverage;
import dev.jga.protocol.schema.InfoCommand.GuestOsInfo;
import dev.jga.protocol.schema.InfoCommand.GuestTimezone;
import dev.jga.protocol.schema.InfoCommand.GuestUser;
import java.util.List;

/**
 * What the OS says about itself and its clock, read where qemu-ga reads it (uname, os-release,
 * the time zone database, utmp, the load average). Failures are QgaErrors with qemu's texts.
 */
public interface SystemInfo {

    GuestOsInfo osInfo();

    /** The local zone's abbreviation and UTC offset at {@code epochSecond}. */
    GuestTimezone timezone(long epochSecond);

    /** Logged-in users, once per name, with their earliest login. */
    List<GuestUser> users();

    GuestLoadAverage load();

    /**
     * Sets the system clock (settimeofday(2)); {@code microseconds} may be negative, as qemu
     * passes it on unchecked.
     */
    void setClock(long seconds, long microseconds);
}
