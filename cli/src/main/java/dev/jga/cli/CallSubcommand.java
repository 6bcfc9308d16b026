// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.AgentClient;
import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParser;
import dev.jga.protocol.json.JsonWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code jga call COMMAND [JSON]}: any command, arguments and result as JSON. */
final class CallSubcommand implements Subcommand {

    private static final Arguments.Spec SPEC =
            new Arguments.Spec("call", Set.of(), Set.of(), Map.of(), false).withTargetOptions();

    @Override
    public String name() {
        return "call";
    }

    @Override
    public String summary() {
        return "call any agent command with JSON arguments";
    }

    @Override
    public Arguments.Spec spec() {
        return SPEC;
    }

    @Override
    public int execute(Arguments args, Console console) {
        List<String> positionals = args.positionals();
        if (positionals.isEmpty() || positionals.size() > 2) {
            throw new UsageException(name(), "give a command name and at most one JSON object of arguments");
        }
        JsonObject arguments = positionals.size() == 2 ? parseArguments(positionals.get(1)) : JsonObject.EMPTY;
        try (AgentClient client = TargetOptions.connect(args, console, name())) {
            Json result = client.callRaw(positionals.getFirst(), arguments);
            console.text().println(JsonWriter.toString(result));
            return ExitStatus.OK;
        }
    }

    private JsonObject parseArguments(String text) {
        Json parsed;
        try {
            parsed = JsonParser.parse(text);
        } catch (RuntimeException e) {
            throw new UsageException(name(), "the arguments are not JSON (" + e.getMessage()
                    + "); write an object such as '{\"handle\": 1000}'");
        }
        if (!(parsed instanceof JsonObject object)) {
            throw new UsageException(name(), "the arguments must be a JSON object such as '{\"handle\": 1000}'");
        }
        return object;
    }
}
