// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where qemu-ga looks for a program: glib's g_spawn with G_SPAWN_SEARCH_PATH |
 * G_SPAWN_SEARCH_PATH_FROM_ENVP (glib/gspawn.c g_execute). A name without '/' is tried in each
 * directory of the child's PATH if its environment has one, else of the agent's, else glib's
 * fallback; an empty PATH element means the agent's working directory. A name with a '/' is used
 * as given (relative to the agent's cwd). The search is done here, in Java, and each candidate is
 * given to posix_spawn as a path: posix_spawnp would search the agent's PATH, not the child's.
 */
final class ExecutableSearch {

    /** glib's search path when neither the child's environment nor the agent's has PATH. */
    static final String DEFAULT_PATH = "/bin:/usr/bin:.";

    private ExecutableSearch() {}

    /** The files to try, in order; the first that starts wins. */
    static List<String> candidates(String path, Optional<List<String>> environment, String agentPath) {
        if (path.isEmpty() || path.indexOf('/') >= 0) {
            return List.of(path);
        }
        String searchPath = environment.flatMap(ExecutableSearch::pathOf)
                .orElse(agentPath != null ? agentPath : DEFAULT_PATH);
        List<String> candidates = new ArrayList<>();
        for (String directory : searchPath.split(":", -1)) {
            candidates.add(directory.isEmpty() ? path : directory + "/" + path);
        }
        return candidates;
    }

    /** g_environ_getenv(envp, "PATH"): the first PATH= entry. */
    private static Optional<String> pathOf(List<String> environment) {
        for (String entry : environment) {
            if (entry.startsWith("PATH=")) {
                return Optional.of(entry.substring("PATH=".length()));
            }
        }
        return Optional.empty();
    }
}
