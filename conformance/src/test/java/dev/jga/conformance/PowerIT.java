// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import org.junit.jupiter.api.Test;

/**
 * guest-shutdown and guest-suspend-*, for arguments only: a valid mode would power this machine
 * down, so these tests send nothing that reaches a shutdown program (the command lines are
 * PowerHandlersTest's). qemu-ga checks the mode itself, after the schema's type check.
 */
class PowerIT extends OneAgent {

    @Test
    void anUnknownShutdownModeGetsQemusTextWithItsMissingParenthesis() {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-shutdown","arguments":{"mode":"hibernate"}}
                    < {"error": {"class": "GenericError", "desc": "mode is invalid (valid values are: halt|powerdown|reboot"}}
                    > {"execute":"guest-shutdown","arguments":{"mode":"POWERDOWN"}}
                    < {"error": {"class": "GenericError", "desc": "mode is invalid (valid values are: halt|powerdown|reboot"}}
                    > {"execute":"guest-shutdown","arguments":{"mode":""}}
                    < {"error": {"class": "GenericError", "desc": "mode is invalid (valid values are: halt|powerdown|reboot"}}
                    """).run(client);
        }
    }

    @Test
    void theShutdownModeMustBeAStringAndNothingElseIsAccepted() {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-shutdown","arguments":{"mode":1}}
                    < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'mode', expected: string"}}
                    > {"execute":"guest-shutdown","arguments":{"mode":"halt","delay":0}}
                    < {"error": {"class": "GenericError", "desc": "Parameter 'delay' is unexpected"}}
                    """).run(client);
        }
    }

    @Test
    void suspendCommandsTakeNoArguments() {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-suspend-disk","arguments":{"now":true}}
                    < {"error": {"class": "GenericError", "desc": "Parameter 'now' is unexpected"}}
                    > {"execute":"guest-suspend-ram","arguments":{"x":1}}
                    < {"error": {"class": "GenericError", "desc": "Parameter 'x' is unexpected"}}
                    > {"execute":"guest-suspend-hybrid","arguments":{"x":1}}
                    < {"error": {"class": "GenericError", "desc": "Parameter 'x' is unexpected"}}
                    """).run(client);
        }
    }
}
