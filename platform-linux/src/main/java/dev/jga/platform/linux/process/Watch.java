// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

/** A descriptor in the exec loop's poll set and what to do when it is ready. Loop thread only. */
interface Watch {

    /** The descriptor to poll, or -1 while there is nothing to poll. */
    int fd();

    /** The poll events wanted (POLLIN, POLLOUT). */
    short events();

    /** Called with the returned events (POLLHUP and POLLERR included). */
    void ready(short revents);

    /** Whether this watch is finished and its descriptor closed. */
    boolean done();

    /** Closes the descriptor now, ending whatever the watch served. */
    void cancel();

    /** As {@link #cancel()}, because the loop fails: a sink learns that data may have been lost. */
    default void cutOff() {
        cancel();
    }
}
