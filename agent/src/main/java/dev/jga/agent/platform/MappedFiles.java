// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import java.io.IOException;

/**
 * The agent's own read-only file mappings: the JVM's code, the AOT cache's class data, the class
 * library. A start touches most of them once (the JVM's set-up, the cache's classes loaded in
 * bulk) and a full collection walks the class data again; the pages stay mapped, and counted in
 * the agent's resident set, until the process exits, although an idle agent needs few of them.
 * Unmapping their clean pages leaves them in the page cache: a later touch maps them again.
 */
public interface MappedFiles {

    /** Unmaps the pages of read-only file mappings that hold no private copy; never loses data. */
    void unmapClean() throws IOException;

    /**
     * The process's resident pages of files, in bytes: what {@link #unmapClean} gives back comes
     * from these, and pages it unmapped count again once they are touched.
     */
    long residentBytes() throws IOException;
}
