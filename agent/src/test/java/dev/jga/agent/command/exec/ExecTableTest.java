// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.agent.log.Log;
import dev.jga.agent.memory.MemoryBudget;
import dev.jga.agent.platform.ExitStatus;
import dev.jga.protocol.wire.QgaError;
import org.junit.jupiter.api.Test;

class ExecTableTest {

    private final ExecTable table = new ExecTable(Log.silent(), MemoryBudget.of(1L << 30, () -> {}));

    private static ExecEntry entry(long pid, boolean exited) {
        ExecEntry entry = new ExecEntry(ExecEntry.Form.UPSTREAM, ExecEntry.Handles.NONE, null, null);
        entry.started(pid);
        if (exited) {
            entry.exited(new ExitStatus.Exited(0));
        }
        return entry;
    }

    @Test
    void uncollectedExitedEntriesAreBoundedOldestFirst() {
        for (long pid = 1; pid <= ExecTable.MAX_UNREPORTED + 100; pid++) {
            table.add(entry(pid, true));
        }
        assertThat(table.size()).isEqualTo(ExecTable.MAX_UNREPORTED);
        assertThatThrownBy(() -> table.report(1)).isInstanceOf(QgaError.class)
                .hasMessage("PID 1 does not exist: its status was dropped at the limit of "
                        + ExecTable.MAX_UNREPORTED + " exited children whose status was not collected");
        assertThat(table.report(ExecTable.MAX_UNREPORTED + 100).exited()).isTrue();
    }

    @Test
    void runningChildrenAreNeverDropped() {
        for (long pid = 1; pid <= 10; pid++) {
            table.add(entry(pid, false));
        }
        for (long pid = 11; pid <= ExecTable.MAX_UNREPORTED + 20; pid++) {
            table.add(entry(pid, true));
        }
        for (long pid = 1; pid <= 10; pid++) {
            assertThat(table.report(pid).exited()).isFalse();
        }
    }

    @Test
    void aReusedPidReportsTheOldestEntryFirst() {
        ExecEntry old = entry(7, true);
        ExecEntry reused = entry(7, false);
        table.add(old);
        table.add(reused);
        assertThat(table.report(7).exited()).isTrue();
        assertThat(table.report(7).exited()).isFalse();
    }

    @Test
    void anEntryIsForgottenOnceReportedExited() {
        table.add(entry(5, true));
        assertThat(table.report(5).exitcode()).contains(0L);
        assertThatThrownBy(() -> table.report(5)).hasMessage("PID 5 does not exist");
    }
}
