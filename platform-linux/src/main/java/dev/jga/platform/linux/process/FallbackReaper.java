// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import dev.jga.agent.platform.ExitStatus;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.Wait;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The last resort for a running child that no exec loop can take (a new loop needs an eventfd,
 * and the process may have no descriptor left): a thread that polls waitpid(WNOHANG) for it, so
 * it never stays a zombie and its exit status is still reported. Its streams were cut off before.
 */
final class FallbackReaper {

    /** How often the children are polled; this path is rare, so latency matters little. */
    static final int TICK_MILLIS = 100;

    private static final System.Logger LOG = System.getLogger(FallbackReaper.class.getName());
    private static final List<ChildLoop.Arrival> WAITING = new ArrayList<>();
    private static Thread thread;

    private FallbackReaper() {}

    /** Reaps {@code child} (whose streams are already cut off) once it exits, and reports its status. */
    static void reap(ChildLoop.Arrival child) {
        if (child.pidfd() != null) {
            child.pidfd().closeQuietly();
        }
        synchronized (WAITING) {
            WAITING.add(child);
            if (thread == null) {
                thread = Thread.ofPlatform().name("jga-reaper").daemon().start(FallbackReaper::run);
            }
        }
    }

    private static void run() {
        while (true) {
            List<ChildLoop.Arrival> round;
            synchronized (WAITING) {
                if (WAITING.isEmpty()) {
                    thread = null;
                    return;
                }
                round = List.copyOf(WAITING);
            }
            for (ChildLoop.Arrival child : round) {
                if (tryReap(child)) {
                    synchronized (WAITING) {
                        WAITING.remove(child);
                    }
                }
            }
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static boolean tryReap(ChildLoop.Arrival child) {
        OptionalInt status;
        try {
            status = Wait.reap(child.pid());
        } catch (SystemError e) {
            status = OptionalInt.of(0x7f & ProcessStatus.LOST_SIGNAL); // as WatchedChild.tryReap
        }
        if (status.isEmpty()) {
            return false;
        }
        ExitStatus exit = ProcessStatus.decode(status.getAsInt());
        try {
            child.onExit().accept(exit);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "exit callback for child " + child.pid() + " failed", e);
        }
        return true;
    }
}
