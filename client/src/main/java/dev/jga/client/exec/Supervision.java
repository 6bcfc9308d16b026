// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.exec;

import dev.jga.protocol.json.JsonDouble;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a request asks of jga's supervision extensions to guest-exec ({@code __dev.jga_} members):
 * none of it is sent unless asked for, so a plain request stays a qemu-ga request.
 *
 * @param cwd the program's working directory
 * @param user the user (name or uid) to run it as
 * @param envAdd variables added to the agent's environment ({@code __dev.jga_env-merge})
 * @param timeout the agent ends the program's process group after this long
 */
public record Supervision(Optional<String> cwd, Optional<String> user, List<String> envAdd, Optional<Duration> timeout) {

    /** The command whose presence in guest-info says the agent has these extensions. */
    public static final String PROBE = "__dev.jga_guest-exec-kill";

    public static final Supervision NONE = new Supervision(Optional.empty(), Optional.empty(), List.of(), Optional.empty());

    public Supervision {
        envAdd = List.copyOf(envAdd);
    }

    /** Whether anything beyond qemu-ga's members is asked for. */
    public boolean asked() {
        return cwd.isPresent() || user.isPresent() || !envAdd.isEmpty() || timeout.isPresent();
    }

    /** Adds the members asked for to guest-exec's arguments; {@code env} is the request's own env, if any. */
    void addTo(JsonObject.Builder arguments, Optional<List<String>> env) {
        cwd.ifPresent(value -> arguments.put("__dev.jga_cwd", new JsonString(value)));
        user.ifPresent(value -> arguments.put("__dev.jga_user", new JsonString(value)));
        if (!envAdd.isEmpty()) {
            arguments.put("env", ExecRunner.strings(env.map(given -> concat(given, envAdd)).orElse(envAdd)));
            arguments.put("__dev.jga_env-merge", true);
        }
        timeout.ifPresent(value -> arguments.put("__dev.jga_timeout", new JsonDouble(value.toNanos() / 1e9)));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
