// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.protocol.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * guest-exec and guest-file calls over one connection, with the polling a host does: shared by
 * the conformance tests and the platform's module tests, which drive the same commands.
 */
public class ExecSession implements AutoCloseable {

    private final WireClient client;

    public ExecSession(WireClient client) {
        this.client = client;
    }

    public JsonObject reply(String request) {
        return (JsonObject) client.request(request);
    }

    public Json ok(String request) {
        JsonObject reply = reply(request);
        if (!reply.has("return")) {
            throw client.failure("reply to " + request + ": " + JsonWriter.toString(reply));
        }
        return reply.get("return");
    }

    /** The desc of a GenericError reply. */
    public String error(String request) {
        JsonObject reply = reply(request);
        if (!(reply.get("error") instanceof JsonObject error) || !new JsonString("GenericError").equals(error.get("class"))) {
            throw client.failure("reply to " + request + " is not a GenericError: " + JsonWriter.toString(reply));
        }
        return string(error.get("desc"));
    }

    public long exec(String arguments) {
        return number(((JsonObject) ok("{\"execute\":\"guest-exec\",\"arguments\":" + arguments + "}")).get("pid"));
    }

    public String execError(String arguments) {
        return error("{\"execute\":\"guest-exec\",\"arguments\":" + arguments + "}");
    }

    public JsonObject status(long pid) {
        return (JsonObject) ok("{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}");
    }

    /** Polls guest-exec-status (2 ms apart) until exited. */
    public JsonObject awaitExit(long pid) {
        return awaitExit(pid, Duration.ofSeconds(30));
    }

    public JsonObject awaitExit(long pid, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonObject status = status(pid);
            if (bool(status.get("exited"))) {
                return status;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw client.failure("pid " + pid + " still running after " + limit);
            }
            pause(2);
        }
    }

    /** Runs {@code arguments} to completion and returns the final status. */
    public JsonObject run(String arguments) {
        return awaitExit(exec(arguments));
    }

    public static long number(Json json) {
        return ((JsonInteger) json).value();
    }

    public static boolean bool(Json json) {
        return ((JsonBool) json).value();
    }

    public static String string(Json json) {
        return ((JsonString) json).value();
    }

    public static byte[] bytes(Json base64) {
        return Base64.getDecoder().decode(string(base64));
    }

    public static String text(Json base64) {
        return new String(bytes(base64), StandardCharsets.UTF_8);
    }

    public static String b64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    public static String show(Json json) {
        return JsonWriter.toString(json);
    }

    public static void pause(long millis) {
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
