// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.protocol.json.JsonWriter;
import dev.jga.testkit.WireClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** guest-exec and guest-file calls over one connection, with the polling a host does. */
final class ExecSession implements AutoCloseable {

    private final WireClient client;

    ExecSession(WireClient client) {
        this.client = client;
    }

    JsonObject reply(String request) {
        return (JsonObject) client.request(request);
    }

    Json ok(String request) {
        JsonObject reply = reply(request);
        assertThat(reply.has("return")).as("reply to %s: %s", request, JsonWriter.toString(reply)).isTrue();
        return reply.get("return");
    }

    /** The desc of a GenericError reply. */
    String error(String request) {
        JsonObject reply = reply(request);
        assertThat(reply.has("error")).as("reply to %s: %s", request, JsonWriter.toString(reply)).isTrue();
        JsonObject error = (JsonObject) reply.get("error");
        assertThat(string(error.get("class"))).isEqualTo("GenericError");
        return string(error.get("desc"));
    }

    long exec(String arguments) {
        return number(((JsonObject) ok("{\"execute\":\"guest-exec\",\"arguments\":" + arguments + "}")).get("pid"));
    }

    String execError(String arguments) {
        return error("{\"execute\":\"guest-exec\",\"arguments\":" + arguments + "}");
    }

    JsonObject status(long pid) {
        return (JsonObject) ok("{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}");
    }

    /** Polls guest-exec-status (2 ms apart) until exited. */
    JsonObject awaitExit(long pid) {
        return awaitExit(pid, Duration.ofSeconds(30));
    }

    JsonObject awaitExit(long pid, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonObject status = status(pid);
            if (bool(status.get("exited"))) {
                return status;
            }
            assertThat(System.nanoTime() - deadline).as("pid %d still running after %s", pid, limit).isNegative();
            pause(2);
        }
    }

    /** Runs {@code arguments} to completion and returns the final status. */
    JsonObject run(String arguments) {
        return awaitExit(exec(arguments));
    }

    static long number(Json json) {
        return ((JsonInteger) json).value();
    }

    static boolean bool(Json json) {
        return ((JsonBool) json).value();
    }

    static String string(Json json) {
        return ((JsonString) json).value();
    }

    static byte[] bytes(Json base64) {
        return Base64.getDecoder().decode(string(base64));
    }

    static String text(Json base64) {
        return new String(bytes(base64), StandardCharsets.UTF_8);
    }

    static String b64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    static String show(Json json) {
        return JsonWriter.toString(json);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
