// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import dev.jga.testkit.AgentUnderTest;
import java.util.Optional;

/**
 * One figure measured on a running agent.
 *
 * @param unit the unit of the figure, e.g. "req/s"
 * @param higherIsBetter whether a larger figure is better (rates) or worse (times, memory)
 * @param requires a command the agent must offer for the workload to run at all
 */
record Workload(String name, String unit, boolean higherIsBetter, Optional<String> requires, Measurement measurement) {

    /** Takes the measurement on one agent. */
    @FunctionalInterface
    interface Measurement {
        double measure(AgentUnderTest agent) throws Exception;
    }

    boolean supported(AgentUnderTest agent) throws Exception {
        return requires.isEmpty() || Workloads.hasCommand(agent, requires.get());
    }

    double measure(AgentUnderTest agent) throws Exception {
        return measurement.measure(agent);
    }
}
