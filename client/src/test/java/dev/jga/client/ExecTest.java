// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.client.exec.ExecRequest;
import dev.jga.client.exec.ExecResult;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.protocol.json.JsonWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both exec designs against a scripted agent: what is sent, how status and output are read. */
class ExecTest {

    private static final AgentClient.Options FAST = new AgentClient.Options(Duration.ofSeconds(2), Duration.ofSeconds(2));
    private static final String INFO_CAPTURE = "{\"return\": {\"version\": \"7.2.22\", \"supported_commands\": ["
            + "{\"enabled\": true, \"name\": \"guest-exec\", \"success-response\": true}]}}";
    private static final String INFO_PIPES = "{\"return\": {\"version\": \"10.1.0\", \"supported_commands\": ["
            + "{\"enabled\": true, \"name\": \"guest-exec\", \"success-response\": true},"
            + "{\"enabled\": true, \"name\": \"guest-pipe-open\", \"success-response\": true}]}}";

    private FakeGuestAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = new FakeGuestAgent();
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
    }

    @Test
    void captureModeSendsStdinWholeAndReportsTheExitCodeAndOutput() {
        AtomicReference<JsonObject> exec = new AtomicReference<>();
        AtomicInteger polls = new AtomicInteger();
        agent.handle("guest-info", (args, id) -> FakeGuestAgent.reply(INFO_CAPTURE, id));
        agent.handle("guest-exec", (args, id) -> {
            exec.set(args);
            return FakeGuestAgent.reply("{\"return\": {\"pid\": 42}}", id);
        });
        agent.handle("guest-exec-status", (args, id) -> FakeGuestAgent.reply(polls.incrementAndGet() < 3
                ? "{\"return\": {\"exited\": false}}"
                : "{\"return\": {\"exitcode\": 3, \"out-data\": \"aGkK\", \"exited\": true, \"err-data\": \"b29wcwo=\","
                        + " \"out-truncated\": false, \"err-truncated\": false}}", id));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            ExecResult result = client.exec(ExecRequest.builder("cat", List.of("-"))
                    .stdin(new ByteArrayInputStream("input".getBytes(StandardCharsets.US_ASCII)))
                    .stdout(out).stderr(err).build());
            assertThat(result).isEqualTo(new ExecResult.Exited(42, 3, false));
        }
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("hi\n");
        assertThat(err.toString(StandardCharsets.US_ASCII)).isEqualTo("oops\n");
        assertThat(JsonWriter.toString(exec.get())).isEqualTo("{\"path\": \"cat\", \"arg\": [\"-\"], \"input-data\": \""
                + Base64.getEncoder().encodeToString("input".getBytes(StandardCharsets.US_ASCII))
                + "\", \"capture-output\": true}");
        assertThat(polls.get()).isEqualTo(3);
    }

    @Test
    void aSignalIsReportedAsSuchAndAsAShellWouldSeeIt() {
        agent.handle("guest-info", (args, id) -> FakeGuestAgent.reply(INFO_CAPTURE, id));
        agent.handle("guest-exec", (args, id) -> FakeGuestAgent.reply("{\"return\": {\"pid\": 5}}", id));
        agent.handle("guest-exec-status", (args, id) ->
                FakeGuestAgent.reply("{\"return\": {\"exited\": true, \"signal\": 9}}", id));
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            ExecResult result = client.exec(ExecRequest.builder("/bin/sh", List.of()).build());
            assertThat(result).isEqualTo(new ExecResult.Signaled(5, 9, false));
            assertThat(result.shellStatus()).isEqualTo(137);
        }
    }

    @Test
    void aTimeoutAbandonsTheProgramAndSaysItCouldNotStopIt() {
        // The program (pid 8) never ends; the kill the client then runs through guest-exec
        // (pid 9) finds nothing to signal and exits 1.
        AtomicInteger programPolls = new AtomicInteger();
        agent.handle("guest-info", (args, id) -> FakeGuestAgent.reply(INFO_CAPTURE, id));
        agent.handle("guest-exec", (args, id) -> FakeGuestAgent.reply(
                args.get("path").equals(new JsonString("/bin/sh")) ? "{\"return\": {\"pid\": 9}}"
                        : "{\"return\": {\"pid\": 8}}", id));
        agent.handle("guest-exec-status", (args, id) -> {
            if (args.get("pid").equals(new JsonInteger(9))) {
                return FakeGuestAgent.reply("{\"return\": {\"exited\": true, \"exitcode\": 1}}", id);
            }
            programPolls.incrementAndGet();
            return FakeGuestAgent.reply("{\"return\": {\"exited\": false}}", id);
        });
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            ExecResult result = client.exec(ExecRequest.builder("sleep", List.of("99"))
                    .timeout(Duration.ofMillis(300)).build());
            assertThat(result).isEqualTo(new ExecResult.Abandoned(8, ExecResult.Reason.TIMEOUT, false));
        }
        // Backoff: a 300 ms wait polls far fewer than 300 times, and more than a handful.
        assertThat((long) programPolls.get()).isBetween(4L, 30L);
    }

    @Test
    void pipeModeWritesOutputBeforeTheProgramIsReportedExited() {
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicInteger handles = new AtomicInteger(1000);
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<JsonObject> exec = new AtomicReference<>();
        agent.handle("guest-info", (args, id) -> FakeGuestAgent.reply(INFO_PIPES, id));
        agent.handle("guest-pipe-open", (args, id) ->
                FakeGuestAgent.reply("{\"return\": " + handles.getAndIncrement() + "}", id));
        agent.handle("guest-exec", (args, id) -> {
            exec.set(args);
            return FakeGuestAgent.reply("{\"return\": {\"pid\": 77}}", id);
        });
        agent.handle("guest-file-read", (args, id) -> {
            long handle = FakeGuestAgent.number(args, "handle");
            if (handle == 1000) {
                int n = reads.incrementAndGet();
                String reply = switch (n) {
                    case 1 -> "{\"return\": {\"count\": 6, \"buf-b64\": \"bGluZTEK\", \"eof\": false}}";
                    case 2, 3 -> "{\"return\": {\"count\": 0, \"buf-b64\": \"\", \"eof\": false}}";
                    default -> "{\"return\": {\"count\": 0, \"buf-b64\": \"\", \"eof\": true}}";
                };
                return FakeGuestAgent.reply(reply, id);
            }
            return FakeGuestAgent.reply("{\"return\": {\"count\": 0, \"buf-b64\": \"\", \"eof\": true}}", id);
        });
        agent.handle("guest-exec-status", (args, id) -> {
            boolean done = reads.get() >= 4;
            if (done) {
                events.add("exited");
            }
            return FakeGuestAgent.reply(done ? "{\"return\": {\"exit\": 0, \"signal\": -1, \"handle_stdout\": 1000}}"
                    : "{\"return\": {\"exit\": -1, \"signal\": -1}}", id);
        });
        agent.handle("guest-file-close", (args, id) -> FakeGuestAgent.reply("{\"return\": {}}", id));
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                events.add("out:" + new String(b, off, len, StandardCharsets.US_ASCII));
            }
        };
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            ExecResult result = client.exec(ExecRequest.builder("sh", List.of("-c", "echo line1")).stdout(out).build());
            assertThat(result).isEqualTo(new ExecResult.Exited(77, 0, false));
        }
        assertThat(events).containsExactly("out:line1\n", "exited");
        assertThat(JsonWriter.toString(exec.get())).isEqualTo("{\"path\": \"sh\", \"params\": [\"-c\", \"echo line1\"],"
                + " \"handle_stdout\": 1000, \"handle_stderr\": 1001}");
        assertThat(agent.received()).contains("guest-file-close");
    }
}
