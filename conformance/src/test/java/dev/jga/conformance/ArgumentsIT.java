// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Argument unmarshalling, qemu's qobject input visitor (qapi/qobject-input-visitor.c): missing,
 * unexpected, wrong type, bad enum; integer and boolean strictness; null is not "absent".
 */
class ArgumentsIT extends OneAgent {

    @Test
    void missingRequiredParameterIsNamed() {
        run("""
                > {"execute":"guest-sync"}
                < {"error": {"class": "GenericError", "desc": "Parameter 'id' is missing"}}
                > {"execute":"guest-sync","arguments":{}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'id' is missing"}}
                > {"execute":"guest-file-read","arguments":{"count":1}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'handle' is missing"}}
                > {"execute":"guest-file-write","arguments":{"handle":1}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'buf-b64' is missing"}}
                > {"execute":"guest-file-seek","arguments":{"handle":1,"offset":0}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'whence' is missing"}}
                """);
    }

    @Test
    void missingParameterIsReportedBeforeAnUnexpectedOne() {
        run("""
                > {"execute":"guest-sync","arguments":{"foo":1}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'id' is missing"}}
                """);
    }

    @Test
    void wrongTypeIsReportedBeforeAnUnexpectedParameter() {
        run("""
                > {"execute":"guest-sync","arguments":{"id":"x","foo":1}}
                < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'id', expected: integer"}}
                """);
    }

    @Test
    void unexpectedParameterIsNamed() {
        run("""
                > {"execute":"guest-sync","arguments":{"id":1,"foo":2}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'foo' is unexpected"}}
                > {"execute":"guest-file-open","arguments":{"path":"/nonexistent","Mode":"r"}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'Mode' is unexpected"}}
                > {"execute":"guest-file-write","arguments":{"handle":1,"buf_b64":""}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'buf-b64' is missing"}}
                """);
    }

    @ParameterizedTest(name = "id {0} is not an integer")
    @ValueSource(strings = {"1.0", "1e2", "9223372036854775808", "18446744073709551615", "-9223372036854775809",
            "\"5\"", "true", "null", "[]", "{}"})
    void integersAreStrict(String value) {
        run("""
                > {"execute":"guest-sync","arguments":{"id":${v}}}
                < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'id', expected: integer"}}
                """, value);
    }

    @ParameterizedTest(name = "id {0} is the integer {1}")
    @CsvSource({"-0,0", "0,0", "9223372036854775807,9223372036854775807",
            "-9223372036854775808,-9223372036854775808"})
    void integersInInt64RangeAreAccepted(String sent, String returned) {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-sync","arguments":{"id":${sent}}}
                    < {"return": ${returned}}
                    """).with("sent", sent).with("returned", returned).run(client);
        }
    }

    @ParameterizedTest(name = "crypted {0} is not a boolean")
    @ValueSource(strings = {"1", "0", "\"true\"", "null", "\"false\""})
    void booleansAreStrict(String value) {
        // guest-set-user-password's members are visited in order: username, password, crypted.
        // The type error stops it before anything runs. jga has no plain boolean argument until
        // that command lands (the decoder's strictness is unit-tested in RecordDecoderTest).
        Assumptions.assumeTrue(hasCommand("guest-set-user-password"),
                "the agent has no command with a plain boolean argument yet (guest-set-user-password)");
        run("""
                > {"execute":"guest-set-user-password","arguments":{"username":"nobody-jga-test","password":"eA==","crypted":${v}}}
                < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'crypted', expected: boolean"}}
                """, value);
    }

    @Test
    void nullIsNotAcceptedForAnOptionalParameter() {
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"/nonexistent","mode":null}}
                < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'mode', expected: string"}}
                > {"execute":"guest-file-read","arguments":{"handle":1,"count":null}}
                < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'count', expected: integer"}}
                """);
    }

    @Test
    void wrongTypesNameTheExpectedType() {
        run("""
                > {"execute":"guest-file-open","arguments":{"path":5}}
                < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'path', expected: string"}}
                > {"execute":"guest-file-open","arguments":{"path":["/x"]}}
                < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'path', expected: string"}}
                > {"execute":"guest-file-read","arguments":{"handle":"1000"}}
                < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'handle', expected: integer"}}
                > {"execute":"guest-file-write","arguments":{"handle":1,"buf-b64":{}}}
                < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'buf-b64', expected: string"}}
                """);
    }

    @Test
    void anAlternateNamesItsTypeAndAnEnumNamesTheValue() {
        run("""
                > {"execute":"guest-file-seek","arguments":{"handle":1,"offset":0,"whence":true}}
                < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'whence', expected: GuestFileWhence"}}
                > {"execute":"guest-file-seek","arguments":{"handle":1,"offset":0,"whence":null}}
                < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'whence', expected: GuestFileWhence"}}
                > {"execute":"guest-file-seek","arguments":{"handle":1,"offset":0,"whence":[]}}
                < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'whence', expected: GuestFileWhence"}}
                > {"execute":"guest-file-seek","arguments":{"handle":1,"offset":0,"whence":"foo"}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'whence' does not accept value 'foo'"}}
                > {"execute":"guest-file-seek","arguments":{"handle":1,"offset":0,"whence":"SET"}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'whence' does not accept value 'SET'"}}
                > {"execute":"guest-file-seek","arguments":{"handle":1,"offset":0,"whence":"1"}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'whence' does not accept value '1'"}}
                """);
    }

    @Test
    void aNumberPicksTheIntegerBranchOfAnAlternate() {
        // 7.2: a JSON number selects GuestFileWhence's int branch, whose visitor then names "integer".
        run("""
                > {"execute":"guest-file-seek","arguments":{"handle":1,"offset":0,"whence":1.5}}
                < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'whence', expected: integer"}}
                > {"execute":"guest-file-seek","arguments":{"handle":1,"offset":0,"whence":9223372036854775808}}
                < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'whence', expected: integer"}}
                """);
    }

    private static boolean hasCommand(String name) {
        try (WireClient client = agent.connect()) {
            String info = dev.jga.protocol.json.JsonWriter.toString(
                    client.request("{\"execute\":\"guest-info\"}"));
            return info.contains("{\"name\": \"" + name + "\"");
        }
    }

    private static void run(String transcript) {
        run(transcript, "");
    }

    private static void run(String transcript, String value) {
        try (WireClient client = agent.connect()) {
            Transcript.of(transcript).with("v", value).run(client);
        }
    }
}
