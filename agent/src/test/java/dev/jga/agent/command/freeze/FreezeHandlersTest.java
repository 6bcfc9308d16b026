// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.agent.command.helper.RecordingRunner;
import dev.jga.agent.daemon.FreezeState;
import dev.jga.agent.log.Log;
import dev.jga.agent.platform.ExitStatus;
import dev.jga.agent.platform.FilesystemFreezer;
import dev.jga.protocol.schema.FreezeCommand.GuestFsfreezeStatus;
import dev.jga.protocol.wire.QgaError;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order of a freeze and a thaw (qga/commands-posix.c): hook, mount list, frozen state, FIFREEZE;
 * FITHAW, thawed state, hook; on a failed freeze, a thaw. The filesystems are a fake: no test
 * freezes a filesystem of this machine.
 */
class FreezeHandlersTest {

    @TempDir
    Path statedir;

    private final List<String> events = new ArrayList<>();
    private final Log log = new Log(new PrintStream(PrintStream.nullOutputStream()), false);
    private final RecordingRunner runner = new RecordingRunner();
    private FreezeState state;

    /** A freezer over "/" and "/home" that logs what it is asked and whether the agent was frozen then. */
    private final class FakeFreezer implements FilesystemFreezer {
        Optional<QgaError> failure = Optional.empty();

        @Override
        public List<String> mountpoints() {
            events.add("list");
            return List.of("/", "/home");
        }

        @Override
        public long freeze(List<String> mountpoints, Optional<List<String>> only) {
            events.add("freeze " + only.orElse(mountpoints) + (state.isFrozen() ? " while marked frozen" : ""));
            if (failure.isPresent()) {
                throw failure.get();
            }
            return only.map(List::size).orElse(mountpoints.size());
        }

        @Override
        public long thaw() {
            events.add("thaw");
            return 2;
        }
    }

    private final FakeFreezer freezer = new FakeFreezer();

    private FreezeHandlers handlers(Optional<Path> hook) {
        state = FreezeState.thawed(statedir, log);
        return new FreezeHandlers(freezer, state, hook, runner, log);
    }

    @Test
    void freezeRunsTheHookThenMarksFrozenBeforeTheFirstFifreeze() {
        FreezeHandlers handlers = handlers(Optional.of(Path.of("/etc/qemu/fsfreeze-hook")));
        assertThat(handlers.freeze(Optional.empty())).isEqualTo(2);
        assertThat(runner.calls()).extracting(RecordingRunner.Call::argv)
                .containsExactly(List.of("/etc/qemu/fsfreeze-hook", "freeze"));
        assertThat(events).containsExactly("list", "freeze [/, /home] while marked frozen");
        assertThat(handlers.status()).isEqualTo(GuestFsfreezeStatus.FROZEN);
        assertThat(statedir.resolve(FreezeState.MARKER)).exists();
    }

    @Test
    void thawThawsThenUnmarksThenRunsTheHook() {
        FreezeHandlers handlers = handlers(Optional.of(Path.of("/hook")));
        handlers.freeze(Optional.empty());
        assertThat(handlers.thaw()).isEqualTo(2);
        assertThat(runner.calls()).extracting(RecordingRunner.Call::argv)
                .containsExactly(List.of("/hook", "freeze"), List.of("/hook", "thaw"));
        assertThat(handlers.status()).isEqualTo(GuestFsfreezeStatus.THAWED);
        assertThat(statedir.resolve(FreezeState.MARKER)).doesNotExist();
    }

    @Test
    void freezingNothingLeavesTheAgentThawed() {
        FreezeHandlers handlers = handlers(Optional.empty());
        assertThat(handlers.freeze(Optional.of(List.of()))).isZero();
        assertThat(handlers.status()).isEqualTo(GuestFsfreezeStatus.THAWED);
        assertThat(statedir.resolve(FreezeState.MARKER)).doesNotExist();
    }

    @Test
    void aFailedFreezeThawsEverythingAndReportsTheFreezeError() {
        FreezeHandlers handlers = handlers(Optional.empty());
        freezer.failure = Optional.of(QgaError.generic("failed to freeze /home: Input/output error"));
        assertThatThrownBy(() -> handlers.freeze(Optional.empty()))
                .hasMessage("failed to freeze /home: Input/output error");
        assertThat(events).endsWith("thaw");
        assertThat(handlers.status()).isEqualTo(GuestFsfreezeStatus.THAWED);
    }

    @Test
    void aFailingHookStopsTheFreezeBeforeAnythingIsFrozen() {
        FreezeHandlers handlers = handlers(Optional.of(Path.of("/hook")));
        runner.then(new ExitStatus.Exited(1), "database refused\n");
        assertThatThrownBy(() -> handlers.freeze(Optional.empty()))
                .hasMessage("child process has failed to execute fsfreeze hook: database refused\n");
        assertThat(events).isEmpty();
        assertThat(handlers.status()).isEqualTo(GuestFsfreezeStatus.THAWED);
    }

    @Test
    void closingTheAgentWhileFrozenThawsSoNoWriterStaysBlocked() {
        FreezeHandlers handlers = handlers(Optional.empty());
        handlers.freeze(Optional.empty());
        handlers.close();
        assertThat(events).endsWith("thaw");
        assertThat(handlers.status()).isEqualTo(GuestFsfreezeStatus.THAWED);
    }
}
