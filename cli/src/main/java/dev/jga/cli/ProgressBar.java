// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.file.TransferProgress;
import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on stderr, redrawn at most every {@link #REDRAW_NANOS}; only used on a terminal. */
final class ProgressBar implements TransferProgress {

    /** 10 redraws a second: smooth enough, and cheap over a slow terminal. */
    static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final String label;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintStream err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void update(long done, long total) {
        long now = System.nanoTime();
        if (drawn && now - lastDraw < REDRAW_NANOS && done != total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        double seconds = Math.max(1e-3, (now - start) / 1e9);
        String rate = String.format(Locale.ROOT, "%.1f MiB/s", done / seconds / (1 << 20));
        if (total > 0) {
            int filled = (int) (WIDTH * Math.min(1.0, (double) done / total));
            err.printf(Locale.ROOT, "\r%s [%s%s] %3d%% %s/%s %s ", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                    done * 100 / total, mib(done), mib(total), rate);
        } else {
            err.printf(Locale.ROOT, "\r%s %s %s ", label, mib(done), rate);
        }
    }

    /** Ends the line the bar was drawn on. */
    void finish() {
        if (drawn) {
            err.println();
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }
}
