// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.exec;

import dev.jga.client.AgentProtocolException;
import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import java.util.Base64;
import java.util.Optional;

/**
 * A guest-exec-status answer in either form:
 * upstream's ({@code exited}, then {@code exitcode} or {@code signal}, {@code out-data}…) and the
 * founding series' ({@code exit} and {@code signal} with -1 for "not applicable", handles).
 * Read from raw JSON because the two forms disagree on which members exist.
 */
record ProgramStatus(boolean exited, Optional<Integer> exitCode, Optional<Integer> signal,
        byte[] outData, byte[] errData, boolean truncated) {

    private static final byte[] NONE = new byte[0];

    static ProgramStatus parse(Json value) {
        if (!(value instanceof JsonObject status)) {
            throw new AgentProtocolException("guest-exec-status answered something that is not an object");
        }
        boolean truncated = flag(status, "out-truncated") || flag(status, "err-truncated");
        if (status.has("exit")) {
            // Founding form: -1 means "not applicable" (both are -1 while running). jga adds
            // upstream's "exited", which is authoritative when present.
            Optional<Integer> exit = integer(status, "exit").filter(code -> code >= 0);
            Optional<Integer> signal = integer(status, "signal").filter(number -> number >= 0);
            boolean exited = status.get("exited") instanceof JsonBool flag ? flag.value()
                    : exit.isPresent() || signal.isPresent();
            return new ProgramStatus(exited, exit, signal, NONE, NONE, truncated);
        }
        if (status.get("exited") instanceof JsonBool exited) {
            return new ProgramStatus(exited.value(), integer(status, "exitcode"), integer(status, "signal"),
                    bytes(status, "out-data"), bytes(status, "err-data"), truncated);
        }
        throw new AgentProtocolException("guest-exec-status answered neither 'exited' nor 'exit'");
    }

    /** The result once exited: the signal wins if (wrongly) both are present, as a shell would see it. */
    ExecResult result(long pid) {
        if (signal.isPresent()) {
            return new ExecResult.Signaled(pid, signal.get(), truncated);
        }
        return new ExecResult.Exited(pid, exitCode.orElseThrow(() -> new AgentProtocolException(
                "guest-exec-status says pid " + pid + " exited but gives neither exit code nor signal")), truncated);
    }

    private static boolean flag(JsonObject object, String name) {
        return object.get(name) instanceof JsonBool b && b.value();
    }

    private static Optional<Integer> integer(JsonObject object, String name) {
        return object.get(name) instanceof JsonInteger i ? Optional.of((int) i.value()) : Optional.empty();
    }

    private static byte[] bytes(JsonObject object, String name) {
        if (object.get(name) instanceof JsonString s) {
            try {
                return Base64.getMimeDecoder().decode(s.value());
            } catch (IllegalArgumentException e) {
                throw new AgentProtocolException("guest-exec-status " + name + " is not base64", e);
            }
        }
        return NONE;
    }
}
