// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import java.io.IOException;
import java.util.List;

/** Finds a process's zombie children from /proc (state Z, parent = that process). */
final class Zombies {

    private Zombies() {}

    /** The pids of {@code parent}'s children that exited and were never reaped. */
    static List<Long> childrenOf(long parent) throws IOException {
        return ProcTable.snapshot().stream().filter(process -> process.state() == 'Z' && process.ppid() == parent)
                .map(ProcTable::pid).toList();
    }
}
