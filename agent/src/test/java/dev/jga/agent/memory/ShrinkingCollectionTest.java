// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ShrinkingCollectionTest {

    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void theHeapFreeRatiosAreTheJvmsOwnAgainAfterTheCollection() {
        String minFree = vm.getVMOption("MinHeapFreeRatio").getValue();
        String maxFree = vm.getVMOption("MaxHeapFreeRatio").getValue();

        new ShrinkingCollection().run();

        assertThat(vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo(minFree);
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(maxFree);
    }

    @Test
    void ratiosSetForTheJvmSurviveACollection() {
        String minFree = vm.getVMOption("MinHeapFreeRatio").getValue();
        String maxFree = vm.getVMOption("MaxHeapFreeRatio").getValue();
        vm.setVMOption("MaxHeapFreeRatio", "60");
        vm.setVMOption("MinHeapFreeRatio", "20");
        try {
            new ShrinkingCollection().run();

            assertThat(vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo("20");
            assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("60");
        } finally {
            vm.setVMOption("MinHeapFreeRatio", minFree);
            vm.setVMOption("MaxHeapFreeRatio", maxFree);
        }
    }
}
