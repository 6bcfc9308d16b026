// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.memory;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * A full collection after which the heap keeps little free room, for {@link HeapReturn}. After a
 * full collection HotSpot's Serial collector leaves the old generation as much as
 * {@code MaxHeapFreeRatio} (70 % by default) free, and sizes the young generation from the old
 * one ({@code TenuredGeneration::compute_new_size} and {@code DefNewGeneration::compute_new_size}
 * in src/hotspot/share/gc/serial/): the collection that ends a burst would leave the heap at three
 * times what is live, well above what an agent that never collected had grown to. Both free
 * ratios are manageable flags, so they are lowered for this collection only and put back at
 * once: the collections that happen while requests are served keep the JVM's sizing, since a
 * heap that shrinks after each of them grows again at the next large buffer.
 *
 * <p>The flags are set through {@code jdk.management}'s {@link HotSpotDiagnosticMXBean}, loaded
 * on the first return, not at start. A runtime without that module, or flags that refuse the
 * values, make this a plain {@link System#gc()}.
 */
final class ShrinkingCollection implements Runnable {

    /** At most this share of the old generation is left free by the collection, in percent. */
    static final int MAX_FREE_PERCENT = 10;

    private static final String MIN_FREE = "MinHeapFreeRatio";
    private static final String MAX_FREE = "MaxHeapFreeRatio";

    private Optional<HotSpotDiagnosticMXBean> flags;

    /** One collection at a time: a second one must not take the lowered ratios for the JVM's own. */
    @Override
    public synchronized void run() {
        Optional<HotSpotDiagnosticMXBean> bean = flags();
        if (bean.isEmpty()) {
            System.gc();
            return;
        }
        HotSpotDiagnosticMXBean vm = bean.get();
        String minFree = vm.getVMOption(MIN_FREE).getValue();
        String maxFree = vm.getVMOption(MAX_FREE).getValue();
        try {
            // Min first, then Max: the JVM refuses a minimum above the maximum at every step.
            vm.setVMOption(MIN_FREE, "0");
            vm.setVMOption(MAX_FREE, Integer.toString(MAX_FREE_PERCENT));
            System.gc();
        } catch (IllegalArgumentException refused) {
            System.gc();
        } finally {
            vm.setVMOption(MAX_FREE, maxFree);
            vm.setVMOption(MIN_FREE, minFree);
        }
    }

    private Optional<HotSpotDiagnosticMXBean> flags() {
        if (flags == null) {
            flags = ModuleLayer.boot().findModule("jdk.management").isEmpty() ? Optional.empty()
                    : Optional.of(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
        }
        return flags;
    }
}
