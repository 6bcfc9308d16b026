// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import dev.jga.testkit.AgentUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One agent per test class, started before its first test and stopped after its last: the shape
 * of most conformance tests, which share the agent because qemu-ga's state (handles, sessions)
 * between requests is part of what they check. JUnit runs a superclass's static lifecycle methods
 * once for each subclass, before and after the subclass's own; test classes run one at a time.
 */
public abstract class OneAgent {

    protected static AgentUnderTest agent;

    @BeforeAll
    public static void startAgent() {
        agent = AgentUnderTest.start();
    }

    @AfterAll
    public static void stopAgent() {
        agent.close();
    }
}
