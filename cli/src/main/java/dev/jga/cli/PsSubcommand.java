// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.AgentClient;
import dev.jga.client.exec.Supervision;
import dev.jga.protocol.schema.ExecCommand.GuestExecChild;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Set;

/**
 * {@code jga ps}: the programs the agent started and still tracks, through jga's
 * {@code __dev.jga_guest-exec-list}. qemu-ga keeps its exec table private, so against it this
 * says so and exits 255.
 */
final class PsSubcommand extends QuerySubcommand {

    /** The command asked for by name in guest-info. */
    static final String LIST_COMMAND = "__dev.jga_guest-exec-list";

    PsSubcommand() {
        super("ps", "list the programs the agent started (jga agents)", Set.of());
    }

    @Override
    int ask(AgentClient client, Arguments args, Console console) {
        if (!client.supports(LIST_COMMAND) || !client.supports(Supervision.PROBE)) {
            console.diagnostics().println("jga ps: this agent (" + client.info().version()
                    + ") cannot list the programs it started: it lacks " + LIST_COMMAND);
            return ExitStatus.FAILURE;
        }
        PrintStream out = console.text();
        out.printf("%8s  %-7s  %6s  %-24s  %s%n", "PID", "STATE", "STATUS", "STARTED", "COMMAND");
        for (GuestExecChild child : client.execList()) {
            String status = child.exitcode().map(code -> Long.toString(code))
                    .or(() -> child.signal().map(signal -> "SIG" + signal)).orElse("-");
            Instant started = Instant.ofEpochSecond(0, child.started());
            out.printf("%8d  %-7s  %6s  %-24s  %s%n", child.pid(), child.state().wireName(), status,
                    started.toString(), command(child));
        }
        return ExitStatus.OK;
    }

    private static String command(GuestExecChild child) {
        StringBuilder line = new StringBuilder(child.path());
        child.arg().forEach(arg -> line.append(' ').append(arg));
        return line.toString();
    }
}
