// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonObject;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.Target;
import dev.jga.testkit.WireClient;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Differential tests of commands that report the machine (interfaces, disks, filesystems): the
 * target under test and the installed qemu-ga run side by side, and their replies are compared.
 * What the system fixes must be equal; counters, which move between the two calls, are compared
 * in order (the oracle is asked first). Against qemu-ga itself the comparison shows the replies
 * are stable enough to compare.
 */
abstract class BesideOracle extends OneAgent {

    protected static AgentUnderTest oracle;

    @BeforeAll
    static void startOracle() {
        assumeTrue(Files.isExecutable(AgentUnderTest.QEMU_GA), "needs qemu-ga at " + AgentUnderTest.QEMU_GA);
        oracle = AgentUnderTest.start(Target.QEMU_GA, List.of(), Map.of());
    }

    @AfterAll
    static void stopOracle() {
        if (oracle != null) {
            oracle.close();
            oracle = null;
        }
    }

    /** The {@code return} of {@code request} on {@code on}, failing on an error reply. */
    static Json result(AgentUnderTest on, String request) {
        try (WireClient client = on.connect()) {
            JsonObject reply = (JsonObject) client.request(request);
            if (!reply.has("return")) {
                throw new AssertionError(on.target() + " answered " + reply + " to " + request);
            }
            return reply.get("return");
        }
    }

    /** The whole reply, error or not. */
    static Json reply(AgentUnderTest on, String request) {
        try (WireClient client = on.connect()) {
            return client.request(request);
        }
    }

    static List<JsonObject> objects(Json array) {
        return ((JsonArray) array).elements().stream().map(JsonObject.class::cast).toList();
    }

    /** {@code object} without {@code names}. */
    static JsonObject without(JsonObject object, String... names) {
        JsonObject.Builder builder = JsonObject.builder();
        object.members().forEach((name, value) -> {
            if (!List.of(names).contains(name)) {
                builder.put(name, value);
            }
        });
        return builder.build();
    }
}
