// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.AgentClient;
import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import java.util.Arrays;

/** Starts a program with a bare guest-exec and returns its pid, for tests that act on it later. */
final class ExecRunnerAccess {

    private ExecRunnerAccess() {}

    static long start(AgentClient client, String path, String... args) {
        JsonObject arguments = JsonObject.builder().put("path", path)
                .put("arg", new JsonArray(Arrays.stream(args).map(a -> (dev.jga.protocol.json.Json) new JsonString(a)).toList()))
                .build();
        return ((JsonInteger) ((JsonObject) client.callRaw("guest-exec", arguments)).get("pid")).value();
    }
}
