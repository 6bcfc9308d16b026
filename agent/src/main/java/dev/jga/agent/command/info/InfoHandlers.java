// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.info;

import static dev.jga.protocol.wire.Messages.HWCLOCK_ACTION;

import dev.jga.agent.command.helper.HelperCommand;
import dev.jga.agent.command.helper.HelperRunner;
import dev.jga.agent.dispatch.CommandGroup;
import dev.jga.agent.dispatch.Registry;
import dev.jga.agent.platform.SystemInfo;
import dev.jga.protocol.schema.Empty;
import dev.jga.protocol.schema.InfoCommand.GetLoad;
import dev.jga.protocol.schema.InfoCommand.GetOsInfo;
import dev.jga.protocol.schema.InfoCommand.GetTime;
import dev.jga.protocol.schema.InfoCommand.GetTimezone;
import dev.jga.protocol.schema.InfoCommand.GetUsers;
import dev.jga.protocol.schema.InfoCommand.SetTime;
import dev.jga.protocol.wire.Messages;
import dev.jga.protocol.wire.QgaError;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Serves guest-get-osinfo, -timezone, -time, -users, -load and guest-set-time (qga/commands-posix.c).
 * guest-set-time's {@code hwclock} runs through the agent's {@link HelperRunner}, found under
 * {@code root} ("/" but for tests), as every helper qemu-ga starts through ga_run_command.
 */
public final class InfoHandlers implements CommandGroup {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final SystemInfo system;
    private final Clock clock;
    private final HelperRunner runner;
    private final Path hwclock;

    public InfoHandlers(SystemInfo system, Clock clock, HelperRunner runner, Path root) {
        this.system = system;
        this.clock = clock;
        this.runner = runner;
        this.hwclock = root.resolve("sbin/hwclock");
    }

    @Override
    public void bind(Registry registry) {
        registry.bind(GetOsInfo.class, command -> system.osInfo());
        registry.bind(GetTimezone.class, command -> system.timezone(clock.instant().getEpochSecond()));
        registry.bind(GetTime.class, command -> now());
        registry.bind(SetTime.class, this::setTime);
        registry.bind(GetUsers.class, command -> system.users());
        registry.bind(GetLoad.class, command -> system.load());
    }

    /** g_get_real_time() * 1000: nanoseconds at microsecond resolution (qga/commands.c qmp_guest_get_time). */
    long now() {
        Instant now = clock.instant();
        return now.getEpochSecond() * NANOS_PER_SECOND + now.getNano() / 1000 * 1000L;
    }

    /**
     * qmp_guest_set_time: a given time must fall in [1970, 2070) in local time (g_date_set_time_t);
     * it is set, then written to the RTC ({@code hwclock -w}); without one the clock is set from
     * the RTC ({@code hwclock -s}).
     */
    Empty setTime(SetTime command) {
        if (command.time().isPresent()) {
            long nanos = command.time().get();
            long seconds = nanos / NANOS_PER_SECOND;
            int year = Instant.ofEpochSecond(seconds).atZone(ZoneId.systemDefault()).getYear();
            if (year < 1970 || year >= 2070) {
                throw QgaError.generic(Messages.TIME_INVALID);
            }
            system.setClock(seconds, nanos % NANOS_PER_SECOND / 1000);
        }
        List<String> argv = List.of(hwclock.toString(), command.time().isPresent() ? "-w" : "-s");
        HelperCommand.run(runner, argv, Optional.empty(), HWCLOCK_ACTION);
        return Empty.VALUE;
    }
}
