// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.info;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.agent.command.helper.RecordingRunner;
import dev.jga.agent.platform.ExitStatus;
import dev.jga.agent.platform.SystemInfo;
import dev.jga.protocol.schema.InfoCommand.GuestLoadAverage;
import dev.jga.protocol.schema.InfoCommand.GuestOsInfo;
import dev.jga.protocol.schema.InfoCommand.GuestTimezone;
import dev.jga.protocol.schema.InfoCommand.GuestUser;
import dev.jga.protocol.schema.InfoCommand.SetTime;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** guest-set-time's order (qmp_guest_set_time): check the time, set the clock, then run hwclock. */
class InfoHandlersTest {

    private static final Path ROOT = Path.of("/fixture");

    private final RecordingRunner runner = new RecordingRunner();
    private final ClockSetter system = new ClockSetter();
    private final InfoHandlers handlers = new InfoHandlers(system, Clock.systemUTC(), runner, ROOT);

    @Test
    void aGivenTimeIsSetThenWrittenToTheRtc() {
        handlers.setTime(new SetTime(Optional.of(1_700_000_000_123_456_789L)));
        assertThat(system.set).containsExactly(List.of(1_700_000_000L, 123_456L));
        assertThat(runner.calls()).containsExactly(
                new RecordingRunner.Call(List.of("/fixture/sbin/hwclock", "-w"), Optional.empty()));
    }

    @Test
    void withoutATimeTheClockIsSetFromTheRtc() {
        handlers.setTime(new SetTime(Optional.empty()));
        assertThat(system.set).isEmpty();
        assertThat(runner.calls()).containsExactly(
                new RecordingRunner.Call(List.of("/fixture/sbin/hwclock", "-s"), Optional.empty()));
    }

    @Test
    void aFailingHwclockGivesQemusChildProcessError() {
        runner.then(new ExitStatus.Exited(1), "hwclock: Cannot access the Hardware Clock via any known method.\n");
        assertThatThrownBy(() -> handlers.setTime(new SetTime(Optional.empty()))).hasMessage(
                "child process has failed to set hardware clock to system time: "
                        + "hwclock: Cannot access the Hardware Clock via any known method.\n");
    }

    @Test
    void aTimeBefore1970IsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> handlers.setTime(new SetTime(Optional.of(-1_000_000_000L)))).hasMessage("Invalid time");
        assertThat(system.set).isEmpty();
        assertThat(runner.calls()).isEmpty();
    }

    /** Records setClock; guest-set-time asks the platform for nothing else. */
    private static final class ClockSetter implements SystemInfo {
        final List<List<Long>> set = new ArrayList<>();

        @Override
        public void setClock(long seconds, long microseconds) {
            set.add(List.of(seconds, microseconds));
        }

        @Override
        public GuestOsInfo osInfo() {
            throw new UnsupportedOperationException();
        }

        @Override
        public GuestTimezone timezone(long epochSecond) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<GuestUser> users() {
            throw new UnsupportedOperationException();
        }

        @Override
        public GuestLoadAverage load() {
            throw new UnsupportedOperationException();
        }
    }
}
