// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

/** Which way a child's pipe carries data, named from the agent's side as guest-pipe-open's mode is. */
public enum PipeDirection {
    /** Mode "r": the child writes (its stdout or stderr), the agent reads. */
    FROM_CHILD,
    /** Mode "w": the agent writes, the child reads (its stdin). */
    TO_CHILD
}
