// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags and main class of {@code bin/jga-agent}, read from the launcher itself so that the
 * agent in the guest runs exactly as a user's would: the launcher is a bash script (it finds a JDK,
 * builds if needed) and the guest has only busybox sh, so the guest runs the equivalent
 * {@code exec java <flags> -cp <lib>/* <main> <args>} line instead.
 *
 * @param jvmFlags the flags between {@code bin/java} and {@code ${JGA_JAVA_OPTS}} / {@code -cp}
 * @param mainClass the class after {@code -cp <path>}
 */
record LauncherCommand(List<String> jvmFlags, String mainClass) {

    LauncherCommand {
        jvmFlags = List.copyOf(jvmFlags);
    }

    /**
     * Parses the {@code exec ".../bin/java" ...} or {@code exec "$java" ...} line (with its
     * backslash continuations).
     */
    static LauncherCommand readFrom(Path launcher) throws IOException {
        String script = Files.readString(launcher).replace("\\\n", " ");
        String execLine = script.lines()
                .map(String::strip)
                .filter(line -> line.startsWith("exec ") && (line.contains("/bin/java\"") || line.startsWith("exec \"$java\"")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no 'exec .../bin/java' or 'exec \"$java\"' line in " + launcher));
        List<String> tokens = Arrays.asList(execLine.split("\\s+"));
        List<String> flags = new ArrayList<>();
        int i = 2; // after "exec" and the java binary
        for (; i < tokens.size() && tokens.get(i).startsWith("-") && !tokens.get(i).equals("-cp"); i++) {
            flags.add(tokens.get(i));
        }
        while (i < tokens.size() && tokens.get(i).startsWith("${")) {
            i++; // ${JGA_JAVA_OPTS:-}: the user's additions, none here
        }
        if (i + 2 >= tokens.size() || !tokens.get(i).equals("-cp") || flags.isEmpty()) {
            throw new IllegalStateException("unexpected launch line in " + launcher + ": " + execLine);
        }
        return new LauncherCommand(flags, tokens.get(i + 2));
    }

    /** The busybox-sh command line that runs the agent from {@code libDir} with {@code agentArgs}. */
    String shellCommand(String libDir, List<String> agentArgs) {
        return "exec java " + String.join(" ", jvmFlags) + " -cp '" + libDir + "/*' " + mainClass + " "
                + String.join(" ", agentArgs);
    }
}
