// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShutdownTest {

    @Test
    void theCleanUpsRunNewestFirstAndAnOutOfMemoryErrorInOneDoesNotSkipTheRest() {
        Shutdown shutdown = new Shutdown();
        List<String> ran = new ArrayList<>();
        shutdown.onExit(() -> ran.add("pidfile removed"));
        shutdown.onExit(() -> {
            ran.add("agent closing");
            throw new OutOfMemoryError("test: the heap is full");
        });

        shutdown.runCleanups();

        assertThat(ran).containsExactly("agent closing", "pidfile removed");
    }
}
