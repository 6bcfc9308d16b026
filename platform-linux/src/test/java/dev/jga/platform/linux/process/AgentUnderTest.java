// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.agent.Agent;
import dev.jga.agent.config.AgentConfig;
import dev.jga.agent.log.Log;
import dev.jga.agent.platform.ProcessLauncher;
import dev.jga.platform.linux.LinuxPlatform;
import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParser;
import dev.jga.protocol.json.JsonString;
import dev.jga.protocol.json.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The real agent on the real Linux platform, driven through its dispatcher with wire JSON: what a
 * host sees, minus the socket (the conformance module adds that).
 */
final class AgentUnderTest implements AutoCloseable {

    private final LinuxPlatform platform = new LinuxPlatform();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final Agent agent;

    AgentUnderTest(Path statedir) {
        AgentConfig config = new AgentConfig(false, "unix-listen", Optional.empty(), Optional.empty(),
                AgentConfig.DEFAULT_PIDFILE, Optional.empty(), statedir, true, false, List.of(), Optional.empty(),
                AgentConfig.DEFAULT_EXEC_OUTPUT_GRACE);
        Log log = new Log(new PrintStream(logBytes, true, StandardCharsets.UTF_8), true);
        agent = Agent.create(config, platform, log);
    }

    /** The reply to {@code request}, as the host would parse it. */
    JsonObject call(String request) {
        Json reply = agent.dispatcher().dispatch(JsonParser.parse(request)).toJson().orElseThrow();
        return (JsonObject) JsonParser.parse(JsonWriter.toString(reply));
    }

    /** The {@code return} of a request that must succeed. */
    Json ok(String request) {
        JsonObject reply = call(request);
        assertThat(reply.has("return")).as("reply to %s: %s", request, JsonWriter.toString(reply)).isTrue();
        return reply.get("return");
    }

    /** The {@code desc} of a request that must fail with GenericError. */
    String error(String request) {
        JsonObject reply = call(request);
        assertThat(reply.has("error")).as("reply to %s: %s", request, JsonWriter.toString(reply)).isTrue();
        JsonObject error = (JsonObject) reply.get("error");
        assertThat(string(error.get("class"))).isEqualTo("GenericError");
        return string(error.get("desc"));
    }

    long exec(String arguments) {
        return number(((JsonObject) ok("{\"execute\": \"guest-exec\", \"arguments\": " + arguments + "}")).get("pid"));
    }

    JsonObject status(long pid) {
        return (JsonObject) ok("{\"execute\": \"guest-exec-status\", \"arguments\": {\"pid\": " + pid + "}}");
    }

    /** Busy-polls guest-exec-status as Ansible does until exited (at most {@code limit}). */
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

    JsonObject awaitExit(long pid) {
        return awaitExit(pid, Duration.ofSeconds(30));
    }

    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
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
        agent.close();
        platform.processes().ifPresent(ProcessLauncher::close);
    }
}
