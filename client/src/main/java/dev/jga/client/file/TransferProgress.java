// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.file;

/** Told after every chunk of a copy; a progress bar, a log line, or nothing. */
@FunctionalInterface
public interface TransferProgress {

    /** No reporting. */
    TransferProgress NONE = (done, total) -> { };

    /**
     * @param bytesDone bytes copied so far
     * @param bytesTotal the size when known, otherwise -1
     */
    void update(long bytesDone, long bytesTotal);
}
