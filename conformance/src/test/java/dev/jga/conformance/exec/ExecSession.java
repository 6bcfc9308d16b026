// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import dev.jga.testkit.WireClient;

/** testkit's {@link dev.jga.testkit.ExecSession}, under the name this package's tests use. */
final class ExecSession extends dev.jga.testkit.ExecSession {

    ExecSession(WireClient client) {
        super(client);
    }
}
