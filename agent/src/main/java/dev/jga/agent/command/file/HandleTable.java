// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.file;

import static dev.jga.protocol.wire.Messages.HANDLE_NOT_FOUND;
import static dev.jga.protocol.wire.Messages.TOO_MANY_HANDLES;

import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open guest-file handles (qemu: guest_file_state), shared by every session: a handle opened
 * by one host connection may be read by the next, so handles outlive the connection that opened
 * them, and the limit on them is one for the whole agent (docs/compatibility.md, "Limits").
 * Exec's pipe handles live here too.
 */
public final class HandleTable implements AutoCloseable {

    /**
     * At most this many handles may be open at once, counted over every client together; each
     * holds a file descriptor (qemu-ga has no limit of its own, only RLIMIT_NOFILE).
     */
    public static final int MAX_OPEN_HANDLES = 1024;

    private final HandleCounter counter;
    private final ConcurrentHashMap<Long, GuestHandle> open = new ConcurrentHashMap<>();

    public HandleTable(HandleCounter counter) {
        this.counter = counter;
    }

    /**
     * Gives {@code handle} the next number; if that fails, the handle is closed and the error
     * thrown. The check against the limit and the insert are one step, so clients opening at the
     * same time never get more than {@link #MAX_OPEN_HANDLES} between them; a number still in use
     * (the counter restarted from 0) is skipped.
     */
    public synchronized long add(GuestHandle handle) {
        try {
            if (open.size() >= MAX_OPEN_HANDLES) {
                throw QgaError.generic(TOO_MANY_HANDLES, MAX_OPEN_HANDLES);
            }
            long id = counter.next();
            while (open.containsKey(id)) {
                id = counter.next();
            }
            open.put(id, handle);
            return id;
        } catch (RuntimeException e) {
            handle.closeQuietly();
            throw e;
        }
    }

    /** The handle {@code id}, or "handle 'N' has not been found". */
    public GuestHandle get(long id) {
        GuestHandle handle = open.get(id);
        if (handle == null) {
            throw QgaError.generic(HANDLE_NOT_FOUND, id);
        }
        return handle;
    }

    /** Removes and returns handle {@code id}, or "handle 'N' has not been found". */
    public GuestHandle remove(long id) {
        GuestHandle handle = open.remove(id);
        if (handle == null) {
            throw QgaError.generic(HANDLE_NOT_FOUND, id);
        }
        return handle;
    }

    public int size() {
        return open.size();
    }

    @Override
    public void close() {
        List<GuestHandle> all = new ArrayList<>(open.values());
        open.clear();
        all.forEach(GuestHandle::closeQuietly);
    }

    /** Closes without reporting: used at shutdown and when a handle could not be registered. */
    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing useful to tell anyone at this point
        } catch (Exception ignored) {
            // same
        }
    }
}
