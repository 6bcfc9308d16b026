// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds a step that talks to an agent: when the step outlives its limit, its connection is
 * closed, which ends a blocked read with an exception, so the benchmark cannot hang on an agent
 * that stopped answering.
 */
final class StepLimit implements AutoCloseable {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "step-limit");
        thread.setDaemon(true);
        return thread;
    });

    private final String step;
    private final Duration limit;
    private final ScheduledFuture<?> closing;
    private volatile boolean expired;

    private StepLimit(String step, Duration limit, AutoCloseable connection) {
        this.step = step;
        this.limit = limit;
        this.closing = TIMER.schedule(() -> {
            expired = true;
            try {
                connection.close();
            } catch (Exception ignored) {
                // the step's read fails either way
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    static StepLimit of(String step, Duration limit, AutoCloseable connection) {
        return new StepLimit(step, limit, connection);
    }

    /** The exception a step's failure becomes: it says so when the limit ended it. */
    IOException failure(Throwable cause) {
        return new IOException((expired ? step + " did not finish within " + limit.toSeconds() + " s"
                : step + " failed") + ": " + cause, cause);
    }

    @Override
    public void close() {
        closing.cancel(false);
    }
}
