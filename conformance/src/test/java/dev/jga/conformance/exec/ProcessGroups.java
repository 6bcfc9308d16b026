// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The live (not zombie) members of a process group, from /proc/PID/stat's pgrp field. */
final class ProcessGroups {

    private ProcessGroups() {}

    /** The pids of processes in group {@code pgid} that have not exited. */
    static List<Long> liveMembers(long pgid) throws IOException {
        List<Long> members = new ArrayList<>();
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
                // Fields after "(comm) ": state, ppid, pgrp, …
                String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (!after[0].equals("Z") && !after[0].equals("X") && Long.parseLong(after[2]) == pgid) {
                    members.add(Long.parseLong(name));
                }
            }
        }
        return members;
    }

    /** Waits up to {@code millis} for the group to have no live member, and returns what is left. */
    static List<Long> awaitEmpty(long pgid, long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        List<Long> left = liveMembers(pgid);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            ExecSession.pause(20);
            left = liveMembers(pgid);
        }
        return left;
    }
}
