// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds a process's zombie children from /proc (state Z, parent = that process). */
final class Zombies {

    private Zombies() {}

    /** The pids of {@code parent}'s children that exited and were never reaped. */
    static List<Long> childrenOf(long parent) throws IOException {
        List<Long> zombies = new ArrayList<>();
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
                // Fields after "(comm) ": state, ppid, …
                String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (after[0].equals("Z") && Long.parseLong(after[1]) == parent) {
                    zombies.add(Long.parseLong(name));
                }
            }
        }
        return zombies;
    }
}
