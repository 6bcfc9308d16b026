// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.log;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/**
 * The agent's log, in qemu-ga's format ({@code "<seconds>.<micros>: <level>: <message>"}, one line
 * each; qga/main.c ga_log). Without {@code -v} only errors and criticals are written, as qemu-ga
 * does; with it everything. Logging can be suspended (qemu-ga stops logging while filesystems are
 * frozen, since the log file may live on one).
 */
public final class Log {

    /** qemu-ga's level names (ga_log_level_str). */
    public enum Level { ERROR, CRITICAL, WARNING, MESSAGE, INFO, DEBUG }

    private final PrintStream out;
    private final boolean verbose;
    private volatile boolean enabled = true;

    public Log(PrintStream out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    /** A log that writes nothing, for tests and tools. */
    public static Log silent() {
        Log log = new Log(System.err, false);
        log.enabled = false;
        return log;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean verbose() {
        return verbose;
    }

    public void error(String message) {
        write(Level.ERROR, message);
    }

    public void critical(String message) {
        write(Level.CRITICAL, message);
    }

    public void warning(String message) {
        write(Level.WARNING, message);
    }

    public void info(String message) {
        write(Level.INFO, message);
    }

    public void debug(String message) {
        write(Level.DEBUG, message);
    }

    /** A stack trace, at debug level only: it helps a developer and must never reach the host. */
    public void debug(Throwable error) {
        if (verbose && enabled) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            write(Level.DEBUG, trace.toString().stripTrailing());
        }
    }

    public void write(Level level, String message) {
        if (!enabled || !(verbose || level == Level.ERROR || level == Level.CRITICAL)) {
            return;
        }
        Instant now = Instant.now();
        // "%d.%06d: %s: %s" by hand: java.util.Formatter's first %d loads the JDK's locale data
        String micros = Integer.toString(now.getNano() / 1000);
        String line = now.getEpochSecond() + "." + "0".repeat(6 - micros.length()) + micros + ": "
                + level.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
