// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import dev.jga.conformance.OneAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * One agent per test class ({@link OneAgent}) and a connection of its own for each test, closed
 * after it: a test's exec children and its open session do not reach into the next test.
 */
abstract class SessionPerTest extends OneAgent {

    protected ExecSession session;

    @BeforeEach
    void connect() {
        session = new ExecSession(agent.connect());
    }

    @AfterEach
    void disconnect() {
        session.close();
    }
}
