// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.file;

import static dev.jga.protocol.wire.Messages.STATE_COMMIT_FAILED;

import dev.jga.agent.log.Log;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The source of guest-file (and exec pipe) handles: a counter that starts at 1000 and is written
 * to {@code <statedir>/qga.state} before each handle is given out, so handles are never reused,
 * even across restarts, and a host never mistakes a new file for one it opened before
 * (qga/main.c ga_get_fd_handle; the keyfile is {@code [global] fd_counter=N}, the next handle).
 *
 * <p>A handle is never negative: guest-exec reads -1 as "no handle". qemu-ga reads the counter
 * with g_key_file_get_integer, a 32-bit int, so a value it cannot read (too large, not a number)
 * starts it again from 0; jga reads the full 64 bits, and starts from 0 for a value that is not
 * a number, is negative (qemu-ga would hand out the negative value) or is INT64_MAX, and
 * after handing out INT64_MAX - 1 (where qemu-ga aborts).
 */
public final class HandleCounter {

    /** QGA_PSTATE_DEFAULT_FD_COUNTER. */
    public static final long FIRST_HANDLE = 1000;
    /** Where the counter starts again when the state holds no usable value, as qemu-ga's does. */
    static final long RESTART = 0;
    /** INT64_MAX: qemu-ga aborts when its counter gets there, so no handle is ever that number. */
    static final long LAST_COUNTER = Long.MAX_VALUE;
    static final String STATE_FILE = "qga.state";

    private final Path stateFile;
    private final Log log;
    private long next;

    private HandleCounter(Path stateFile, long next, Log log) {
        this.stateFile = stateFile;
        this.next = next;
        this.log = log;
    }

    /** Reads the counter from {@code stateDir}, starting at 1000 when there is no state yet. */
    public static HandleCounter open(Path stateDir, Log log) {
        Path file = stateDir.resolve(STATE_FILE);
        long next = FIRST_HANDLE;
        try {
            if (Files.exists(file)) {
                next = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            log.warning("cannot read " + file + ": " + e.getMessage() + "; handles start at " + FIRST_HANDLE);
        }
        HandleCounter counter = new HandleCounter(file, next, log);
        counter.tryCommit(next);
        return counter;
    }

    /** The next handle, committed to disk first; "failed to commit persistent state to disk" otherwise. */
    public synchronized long next() {
        long handle = next;
        long following = handle + 1 == LAST_COUNTER ? RESTART : handle + 1;
        if (!tryCommit(following)) {
            throw QgaError.generic(STATE_COMMIT_FAILED);
        }
        next = following;
        return handle;
    }

    private boolean tryCommit(long value) {
        Path temp = stateFile.resolveSibling(STATE_FILE + ".tmp");
        try {
            Files.writeString(temp, "[global]\nfd_counter=" + value + "\n", StandardCharsets.UTF_8);
            Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            log.error("failed to commit persistent state to " + stateFile + ": " + e.getMessage());
            return false;
        }
    }

    /** The next handle the state file names: 1000 without a counter, 0 for one no handle can come from. */
    static long parse(List<String> lines) {
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("fd_counter=")) {
                try {
                    long value = Long.parseLong(trimmed.substring("fd_counter=".length()).strip());
                    return value < 0 || value == LAST_COUNTER ? RESTART : value;
                } catch (NumberFormatException e) {
                    return RESTART;
                }
            }
        }
        return FIRST_HANDLE;
    }
}
