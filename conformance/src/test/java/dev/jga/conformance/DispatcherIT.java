// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import org.junit.jupiter.api.Test;

/**
 * qmp_dispatch's checks in their order, first failure wins (qapi/qmp-dispatch.c): not an object,
 * member check, lookup, (disabled: {@link RpcFilterIT}), arguments. Exact texts and classes.
 */
class DispatcherIT extends OneAgent {

    @Test
    void inputThatIsNotAnObjectIsRejected() {
        run("""
                > [1]
                < {"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}
                > []
                < {"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}
                > "guest-ping"
                < {"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}
                > 5
                < {"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}
                > null
                < {"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}
                > true
                < {"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}
                """);
    }

    @Test
    void execOobIsAnUnexpectedMemberNotAnUnknownCommand() {
        run("""
                > {'exec-oob':'guest-ping'}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'exec-oob' is unexpected"}}
                """);
    }

    @Test
    void membersOtherThanExecuteArgumentsAndIdAreUnexpected() {
        run("""
                > {"execute":"guest-ping","foo":1}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'foo' is unexpected"}}
                > {"execute":"guest-ping","Execute":"guest-ping"}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'Execute' is unexpected"}}
                > {"execute":"guest-ping","control":{}}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'control' is unexpected"}}
                """);
    }

    @Test
    void executeMustBeAString() {
        run("""
                > {"execute":1}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'execute' must be a string"}}
                > {"execute":null}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'execute' must be a string"}}
                > {"execute":["guest-ping"]}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'execute' must be a string"}}
                > {"execute":{"name":"guest-ping"}}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'execute' must be a string"}}
                """);
    }

    @Test
    void argumentsMustBeAnObjectAndNullIsNotOne() {
        run("""
                > {"execute":"guest-ping","arguments":null}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'arguments' must be an object"}}
                > {"execute":"guest-ping","arguments":[]}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'arguments' must be an object"}}
                > {"execute":"guest-sync","arguments":"{\\"id\\":1}"}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'arguments' must be an object"}}
                > {"execute":"guest-sync","arguments":5}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'arguments' must be an object"}}
                """);
    }

    @Test
    void inputWithoutExecuteLacksIt() {
        run("""
                > {}
                < {"error": {"class": "GenericError", "desc": "QMP input lacks member 'execute'"}}
                > {"arguments":{"id":1}}
                < {"error": {"class": "GenericError", "desc": "QMP input lacks member 'execute'"}}
                """);
    }

    @Test
    void unknownCommandsAreNotFoundAndNamesAreCaseSensitive() {
        run("""
                > {"execute":"guest-nope"}
                < {"error": {"class": "CommandNotFound", "desc": "The command guest-nope has not been found"}}
                > {"execute":"GUEST-PING"}
                < {"error": {"class": "CommandNotFound", "desc": "The command GUEST-PING has not been found"}}
                > {"execute":"guest_ping"}
                < {"error": {"class": "CommandNotFound", "desc": "The command guest_ping has not been found"}}
                > {"execute":" guest-ping"}
                < {"error": {"class": "CommandNotFound", "desc": "The command  guest-ping has not been found"}}
                > {"execute":"query-status"}
                < {"error": {"class": "CommandNotFound", "desc": "The command query-status has not been found"}}
                > {"execute":"qmp_capabilities"}
                < {"error": {"class": "CommandNotFound", "desc": "The command qmp_capabilities has not been found"}}
                """);
    }

    @Test
    void theEmptyCommandNameLeavesTwoSpacesInTheText() {
        run("""
                > {"execute":""}
                <= {"error": {"class": "CommandNotFound", "desc": "The command  has not been found"}}
                """);
    }

    @Test
    void theMemberCheckComesBeforeTheLookup() {
        run("""
                > {"execute":"guest-nope","arguments":5}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'arguments' must be an object"}}
                > {"execute":"guest-nope","foo":1}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'foo' is unexpected"}}
                """);
    }

    @Test
    void theLookupComesBeforeTheArguments() {
        run("""
                > {"execute":"guest-nope","arguments":{"bogus":1}}
                < {"error": {"class": "CommandNotFound", "desc": "The command guest-nope has not been found"}}
                """);
    }

    @Test
    void commandsWithoutParametersRejectAnyArgument() {
        // test-qga.c /qga/invalid-args: the one exact desc the upstream test asserts.
        run("""
                > {"execute":"guest-ping","arguments":{"foo":42}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'foo' is unexpected"}}
                > {"execute":"guest-ping","arguments":{}}
                < {"return": {}}
                > {"execute":"guest-info","arguments":{"verbose":true}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'verbose' is unexpected"}}
                """);
    }

    private static void run(String transcript) {
        try (WireClient client = agent.connect()) {
            Transcript.of(transcript).run(client);
        }
    }
}
