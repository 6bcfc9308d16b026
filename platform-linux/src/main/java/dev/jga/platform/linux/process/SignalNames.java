// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Linux's signal names and numbers (signal(7), the x86/ARM column; the numbers guest-exec-status
 * reports), for {@code __dev.jga_guest-exec-kill}: "TERM", "SIGTERM" and "term" all name 15.
 */
final class SignalNames {

    /** Index n holds the name of signal n (1–31); the real-time signals 32–64 have numbers only. */
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    /** SIGRTMAX on Linux (the kernel's _NSIG is 64). */
    static final int MAX = 64;

    private SignalNames() {}

    static OptionalInt number(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
        int index = bare.isEmpty() ? -1 : NAMES.indexOf(bare);
        return index > 0 ? OptionalInt.of(index) : OptionalInt.empty();
    }

    static boolean isSignal(long number) {
        return number >= 1 && number <= MAX;
    }
}
