// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.agent.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreezeStateTest {

    @TempDir
    Path statedir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final Log log = new Log(new PrintStream(logged, true, StandardCharsets.UTF_8), true);

    @Test
    void withoutTheMarkerTheAgentStartsThawed() throws Exception {
        FreezeState state = FreezeState.atStartup(statedir, log);
        assertThat(state.isFrozen()).isFalse();
        assertThat(logged.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aLeftoverMarkerMeansStartFrozenWithQemusWarning() throws Exception {
        Path marker = Files.createFile(statedir.resolve("qga.state.isfrozen"));
        FreezeState state = FreezeState.atStartup(statedir, log);
        assertThat(state.getAsBoolean()).isTrue();
        assertThat(state.frozenAtStartupWarning()).isEqualTo("previous instance appears to have"
                + " exited with frozen filesystems. deferring logging/pidfile creation and disabling"
                + " non-fsfreeze-safe commands until guest-fsfreeze-thaw is issued, or filesystems are manually"
                + " unfrozen and the file " + marker + " is removed");
    }

    @Test
    void deferredWorkRunsAtThawAndTheMarkerGoes() throws Exception {
        Path marker = Files.createFile(statedir.resolve(FreezeState.MARKER));
        FreezeState state = FreezeState.atStartup(statedir, log);
        List<String> done = new ArrayList<>();
        state.whenThawed(() -> done.add("pidfile"));
        assertThat(done).isEmpty();
        state.thaw();
        assertThat(done).containsExactly("pidfile");
        assertThat(state.isFrozen()).isFalse();
        assertThat(marker).doesNotExist();
        state.whenThawed(() -> done.add("at once"));
        assertThat(done).containsExactly("pidfile", "at once");
    }

    @Test
    void freezeCreatesTheMarkerAndSilencesTheLog() throws Exception {
        FreezeState state = FreezeState.atStartup(statedir, log);
        state.freeze();
        assertThat(statedir.resolve(FreezeState.MARKER)).exists();
        int before = logged.size();
        log.error("hidden");
        assertThat(logged.size()).isEqualTo(before);
        state.thaw();
        log.error("visible");
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("logging re-enabled").contains("visible");
    }
}
