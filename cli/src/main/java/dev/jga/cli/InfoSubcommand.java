// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.AgentClient;
import dev.jga.client.exec.ExecRunner;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonWriter;
import dev.jga.protocol.schema.CoreCommand.GuestAgentCommandInfo;
import dev.jga.protocol.schema.CoreCommand.GuestAgentInfo;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** {@code jga info}: the agent's version and commands, as a table or as guest-info's JSON. */
final class InfoSubcommand extends QuerySubcommand {

    InfoSubcommand() {
        super("info", "show the agent's version and commands", Set.of("json"));
    }

    @Override
    int ask(AgentClient client, Arguments args, Console console) {
        PrintStream out = console.text();
        if (args.has("json")) {
            out.println(JsonWriter.toString(client.callRaw("guest-info", JsonObject.EMPTY)));
            return ExitStatus.OK;
        }
        table(client, out);
        return ExitStatus.OK;
    }

    private static void table(AgentClient client, PrintStream out) {
        GuestAgentInfo info = client.info();
        List<GuestAgentCommandInfo> commands = info.supportedCommands().stream()
                .sorted(Comparator.comparing(GuestAgentCommandInfo::name)).toList();
        long enabled = commands.stream().filter(GuestAgentCommandInfo::enabled).count();
        int width = Math.max(7, commands.stream().mapToInt(c -> c.name().length()).max().orElse(0));
        out.printf("agent     %s%n", client.describe());
        out.printf("version   %s%n", info.version());
        out.printf("exec      %s%n", ExecRunner.streams(client)
                ? "streams output while the program runs (guest-pipe-open)"
                : "output arrives when the program has exited (capture-output, at most 16 MiB a stream)");
        out.printf("commands  %d, %d enabled%n%n", commands.size(), enabled);
        out.printf("%-" + width + "s  %-7s  %s%n", "COMMAND", "ENABLED", "REPLIES");
        for (GuestAgentCommandInfo command : commands) {
            out.printf("%-" + width + "s  %-7s  %s%n", command.name(), command.enabled() ? "yes" : "no",
                    command.successResponse() ? "yes" : "no (success is silent)");
        }
    }
}
