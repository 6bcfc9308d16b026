// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.memory;

import dev.jga.agent.log.Log;
import dev.jga.agent.platform.MappedFiles;
import java.io.IOException;

/**
 * The unmapping step of a {@link HeapReturn}: it gives back the clean pages of the agent's file
 * mappings, unless fewer than {@link #WORTH_BYTES} of file pages have come back since the last
 * time. Finding the pages reads the whole /proc/self/smaps, a block of text per mapping, which
 * the agent parses and then advises range by range, so a session that touched little (one
 * command from a client that connects for it) is not worth it; the resident file pages are a
 * summary of a few lines ({@link MappedFiles#residentBytes}).
 */
final class Unmapping implements Runnable {

    /** File pages that must have come back since the last unmapping for another to be worth it. */
    static final long WORTH_BYTES = 1L << 20;

    private final MappedFiles files;
    private final Log log;
    /** Resident file pages after the last unmapping; none before the first. */
    private long residentAfter;

    Unmapping(MappedFiles files, Log log) {
        this.files = files;
        this.log = log;
    }

    /** One at a time: a second one would read the first one's remainder as growth. */
    @Override
    public synchronized void run() {
        try {
            if (files.residentBytes() - residentAfter < WORTH_BYTES) {
                return;
            }
            files.unmapClean();
            residentAfter = files.residentBytes();
        } catch (IOException e) {
            log.debug("unmapping clean file pages: " + e.getMessage());
        }
    }
}
