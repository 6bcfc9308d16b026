// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.LibC;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * poll(2) and other blocking native waits for virtual threads. A native call pins a virtual
 * thread to its carrier, and the agent serves socket sessions on virtual threads: a few idle
 * clients would otherwise hold every carrier. So a virtual thread hands its wait to a platform
 * thread and parks, unpinned, until the answer comes. Platform threads are reused and end after
 * a minute idle.
 */
final class OffCarrierPoll {

    private static final ExecutorService POLLERS =
            Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("jga-poll-", 0).factory());

    private OffCarrierPoll() {}

    static short poll(int fd, short events, int timeoutMillis) throws IOException {
        if (!Thread.currentThread().isVirtual()) {
            return LibC.poll(fd, events, timeoutMillis);
        }
        return run(() -> LibC.poll(fd, events, timeoutMillis));
    }

    /** A blocking native call that may fail with a {@link SystemError}. */
    @FunctionalInterface
    interface NativeWait<T> {
        T call() throws SystemError;
    }

    /** Runs {@code wait} on the calling thread if it is a platform thread, else on a pooled one. */
    static <T> T run(NativeWait<T> wait) throws IOException {
        if (!Thread.currentThread().isVirtual()) {
            return wait.call();
        }
        Future<T> result = POLLERS.submit(wait::call);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // Wait the call out anyway: the caller must not release the descriptor while it is used.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SystemError error) {
                throw error;
            }
            throw new IOException("native wait failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Throws if the calling thread was interrupted while it waited. */
    static void checkInterrupt() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted");
        }
    }
}
