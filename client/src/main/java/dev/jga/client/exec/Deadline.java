// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.exec;

import java.time.Duration;
import java.util.Optional;

/** When to stop waiting for a program, if ever. */
record Deadline(Optional<Long> atNanos) {

    static Deadline after(Optional<Duration> timeout) {
        long now = System.nanoTime();
        return new Deadline(timeout.map(t -> now + t.toNanos()));
    }

    boolean passed() {
        return atNanos.isPresent() && System.nanoTime() - atNanos.get() >= 0;
    }
}
