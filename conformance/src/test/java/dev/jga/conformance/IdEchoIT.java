// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The request's {@code id} (qapi/qmp-dispatch.c qmp_dispatch): any JSON value, copied into success
 * and error replies; absent on parse errors and on input that is not an object.
 */
class IdEchoIT extends OneAgent {

    @ParameterizedTest(name = "id {0}")
    @ValueSource(strings = {"1", "\"x1\"", "null", "true", "false", "[1,2]", "{\"x\":[1,2]}", "-5", "2.5",
            "18446744073709551615", "\"\"", "{}", "[]"})
    void idOfAnyJsonTypeIsEchoedOnSuccess(String id) {
        run("""
                > {"execute":"guest-ping","id":${id}}
                < {"return": {}, "id": ${id}}
                > {"id":${id},"execute":"guest-sync","arguments":{"id":9}}
                < {"return": 9, "id": ${id}}
                """, id);
    }

    @ParameterizedTest(name = "id {0}")
    @ValueSource(strings = {"1", "\"x1\"", "null", "[1,2]", "{\"x\":[1,2]}"})
    void idIsEchoedOnEveryKindOfDispatchError(String id) {
        run("""
                > {"execute":"guest-nope","id":${id}}
                < {"error": {"class": "CommandNotFound", "desc": "The command guest-nope has not been found"}, "id": ${id}}
                > {"execute":"guest-ping","arguments":{"foo":42},"id":${id}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'foo' is unexpected"}, "id": ${id}}
                > {"execute":"guest-sync","id":${id}}
                < {"error": {"class": "GenericError", "desc": "Parameter 'id' is missing"}, "id": ${id}}
                > {"id":${id}}
                < {"error": {"class": "GenericError", "desc": "QMP input lacks member 'execute'"}, "id": ${id}}
                > {"execute":5,"id":${id}}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'execute' must be a string"}, "id": ${id}}
                > {"execute":"guest-ping","arguments":null,"id":${id}}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'arguments' must be an object"}, "id": ${id}}
                > {"exec-oob":"guest-ping","id":${id}}
                < {"error": {"class": "GenericError", "desc": "QMP input member 'exec-oob' is unexpected"}, "id": ${id}}
                > {"execute":"guest-file-close","arguments":{"handle":999999},"id":${id}}
                < {"error": {"class": "GenericError", "desc": "handle '999999' has not been found"}, "id": ${id}}
                """, id);
    }

    @Test
    void idIsAbsentWhenTheInputIsNotAnObject() {
        run("""
                > [{"execute":"guest-ping","id":1}]
                < {"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}
                > "id"
                < {"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}
                """, "0");
    }

    @Test
    void idIsAbsentOnParseErrors() {
        run("""
                > {"execute":"guest-ping","id":1,"x":01}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '01'"}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                > {"execute":"guest-ping","id":1 "x":1}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expected separator in dict"}}
                > {"execute":"guest-ping","id":1,"id":2}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, duplicate key"}}
                """, "0");
    }

    private static void run(String transcript, String id) {
        try (WireClient client = agent.connect()) {
            Transcript.of(transcript).with("id", id).run(client);
        }
    }
}
