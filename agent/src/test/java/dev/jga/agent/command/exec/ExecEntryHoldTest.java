// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.agent.memory.MemoryBudget;
import dev.jga.agent.platform.ExitStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecEntryHoldTest {

    private final CapturedOutput out = new CapturedOutput(MemoryBudget.of(1L << 20, () -> {}).share(1L << 20));
    private final ExecEntry entry = new ExecEntry(ExecEntry.Form.UPSTREAM, ExecEntry.Handles.NONE, out, null);

    @Test
    void aStatusAskedAgainRightAfterRunningIsAnsweredWithTheExitThatCameWhileItWaited() throws Exception {
        entry.started(42);
        assertThat(entry.report().exited()).isFalse();
        CompletableFuture<Boolean> held = CompletableFuture.supplyAsync(() -> {
            try {
                entry.awaitExitIfPolledAgain();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return entry.report().exited();
        });
        byte[] data = "done\n".getBytes();
        out.accept(data, 0, data.length);
        entry.exited(new ExitStatus.Exited(0));
        out.end();
        held.get(10, TimeUnit.SECONDS);
        assertThat(entry.report().exited()).isTrue();
        assertThat(entry.report().outData()).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(data));
    }

    @Test
    void aStatusAfterTheExitIsNotHeld() throws Exception {
        entry.started(42);
        entry.exited(new ExitStatus.Exited(3));
        out.end();
        entry.awaitExitIfPolledAgain();
        assertThat(entry.report().exitcode()).contains(3L);
    }

    @Test
    void theEndOfAStreamRunsItsListenerOutsideTheStreamsLock() throws Exception {
        CapturedOutput stream = new CapturedOutput(MemoryBudget.of(1L << 20, () -> {}).share(1L << 20));
        CompletableFuture<Boolean> lockFree = new CompletableFuture<>();
        stream.whenEnded(() -> lockFree.complete(!Thread.holdsLock(stream)));
        stream.end();
        assertThat(lockFree.get(10, TimeUnit.SECONDS)).isTrue();
    }
}
