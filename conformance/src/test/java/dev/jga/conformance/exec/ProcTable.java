// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The processes of this machine as /proc/PID/stat shows them (proc(5)): what zombie and group checks read. */
record ProcTable(long pid, char state, long ppid, long pgrp) {

    /** Every process now; one that exits while it is read is left out. */
    static List<ProcTable> snapshot() throws IOException {
        List<ProcTable> processes = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(entry.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                // Fields after "(comm) ": state, ppid, pgrp, …; comm itself may hold spaces and ')'.
                String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                processes.add(new ProcTable(Long.parseLong(name), after[0].charAt(0), Long.parseLong(after[1]),
                        Long.parseLong(after[2])));
            }
        }
        return processes;
    }

    /** Exited: a zombie (Z) or dead (X). */
    boolean exited() {
        return state == 'Z' || state == 'X';
    }
}
