// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

/** One figure measured on a running agent. */
interface Workload {

    String name();

    /** The unit of {@link #measure}, e.g. "req/s". */
    String unit();

    /** Whether a larger figure is better (rates) or worse (times, memory). */
    boolean higherIsBetter();

    /** Whether {@code agent} can run this workload at all (e.g. it has guest-exec). */
    default boolean supported(AgentProcess agent) throws Exception {
        return true;
    }

    double measure(AgentProcess agent) throws Exception;
}
