// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.agent.log.Log;
import dev.jga.agent.platform.MappedFiles;
import org.junit.jupiter.api.Test;

class UnmappingTest {

    /** File pages that a process maps as it runs and gives back when they are unmapped. */
    private static final class Pages implements MappedFiles {
        long resident;
        int unmappings;

        @Override
        public void unmapClean() {
            unmappings++;
            resident = 1L << 20; // what the unmapping thread itself touches again
        }

        @Override
        public long residentBytes() {
            return resident;
        }
    }

    private final Pages pages = new Pages();
    private final Unmapping unmapping = new Unmapping(pages, Log.silent());

    @Test
    void theFirstUnmappingGivesBackWhatTheStartMapped() {
        pages.resident = 20L << 20;
        unmapping.run();
        assertThat(pages.unmappings).isEqualTo(1);
    }

    @Test
    void anUnmappingIsSkippedWhileLessThanItsWorthHasComeBack() {
        pages.resident = 20L << 20;
        unmapping.run();
        pages.resident += Unmapping.WORTH_BYTES - 4096;
        unmapping.run();
        assertThat(pages.unmappings).isEqualTo(1);
        pages.resident += 4096;
        unmapping.run();
        assertThat(pages.unmappings).isEqualTo(2);
    }
}
