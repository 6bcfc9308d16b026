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
 * poll(2) for virtual threads. A native call pins a virtual thread to its carrier, and the agent
 * serves socket sessions on virtual threads: a few idle clients would otherwise hold every
 * carrier. So a virtual thread hands its poll to a platform thread and parks, unpinned, until the
 * answer comes. Platform threads are reused and end after a minute idle.
 */
final class OffCarrierPoll {

    private static final ExecutorService POLLERS =
            Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("jga-poll-", 0).factory());

    private OffCarrierPoll() {}

    static short poll(int fd, short events, int timeoutMillis) throws IOException {
        if (!Thread.currentThread().isVirtual()) {
            return LibC.poll(fd, events, timeoutMillis);
        }
        Future<Short> result = POLLERS.submit(() -> LibC.poll(fd, events, timeoutMillis));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // Wait the slice out anyway: the caller must not release the descriptor while it is polled.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SystemError error) {
                throw error;
            }
            throw new IOException("poll failed", e.getCause());
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
