// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code --exec-allow}: the programs guest-exec may start, beside --allow-rpcs/--block-rpcs, which
 * can only turn guest-exec on or off as a whole. A program is allowed when the absolute path the
 * request resolved to (after the PATH search) is one of the list's, as written or once both are
 * resolved to their real paths: a listed {@code /usr/bin/python3} that is a symlink allows what
 * it points to by that name, and no {@code ..} or symlink elsewhere reaches a listed program
 * under another name without being that same file. An empty list allows everything.
 */
final class ExecAllowList implements Predicate<String> {

    private final List<Path> programs;

    ExecAllowList(List<String> programs) {
        this.programs = programs.stream().map(Path::of).map(Path::normalize).toList();
    }

    boolean restricts() {
        return !programs.isEmpty();
    }

    @Override
    public boolean test(String program) {
        if (programs.isEmpty()) {
            return true;
        }
        Path path;
        try {
            path = Path.of(program).normalize();
        } catch (InvalidPathException e) {
            return false;
        }
        if (programs.contains(path)) {
            return true;
        }
        Path real = realPath(path);
        return real != null && programs.stream().map(ExecAllowList::realPath).anyMatch(real::equals);
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
