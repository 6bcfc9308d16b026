// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.client.exec.ExecRequest;
import dev.jga.client.exec.ExecResult;
import dev.jga.client.exec.Interrupts;
import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonArray;
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

    /**
     * Against qemu-ga the kill script carries the signal: the first interrupt sends TERM (the
     * program ignores it), the second KILL, and the program's end is reported as interrupted.
     */
    @Test
    void aSecondInterruptSendsKillWhereTheFirstSentTermThroughTheKillScript() {
        AtomicInteger presses = new AtomicInteger(1);
        List<String> scripts = new CopyOnWriteArrayList<>();
        agent.handle("guest-info", (args, id) -> FakeGuestAgent.reply(INFO_CAPTURE, id));
        agent.handle("guest-exec", (args, id) -> {
            if (!args.get("path").equals(new JsonString("/bin/sh"))) {
                return FakeGuestAgent.reply("{\"return\": {\"pid\": 8}}", id);
            }
            List<Json> arg = ((JsonArray) args.get("arg")).elements();
            scripts.add(((JsonString) arg.get(2)).value() + " " + ((JsonString) arg.get(3)).value());
            presses.set(2); // the program ignored TERM: the user presses again
            return FakeGuestAgent.reply("{\"return\": {\"pid\": " + (100 + scripts.size()) + "}}", id);
        });
        agent.handle("guest-exec-status", (args, id) -> FakeGuestAgent.reply(
                !args.get("pid").equals(new JsonInteger(8)) ? "{\"return\": {\"exited\": true, \"exitcode\": 0}}"
                        : scripts.size() == 2 ? "{\"return\": {\"exited\": true, \"signal\": 9}}"
                        : "{\"return\": {\"exited\": false}}", id));
        List<Interrupts.SignalSent> sent = new CopyOnWriteArrayList<>();
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            ExecResult result = client.exec(ExecRequest.builder("sleep", List.of("99"))
                    .interrupts(recording(presses, sent)).build());
            assertThat(result).isEqualTo(new ExecResult.Abandoned(8, ExecResult.Reason.CANCELLED, true));
        }
        assertThat(scripts).containsExactly("TERM 8", "KILL 8");
        assertThat(sent).containsExactly(new Interrupts.SignalSent(8, "TERM", false, true),
                new Interrupts.SignalSent(8, "KILL", false, false));
    }

    /** With jga's extension, TERM goes to the program's group with a grace, and KILL on the second press. */
    @Test
    void interruptsGoThroughExecKillOnAJgaAgent() {
        AtomicInteger presses = new AtomicInteger(1);
        List<String> kills = new CopyOnWriteArrayList<>();
        agent.handle("guest-info", (args, id) -> FakeGuestAgent.reply(INFO_CAPTURE.replace("]}}",
                ", {\"enabled\": true, \"name\": \"__dev.jga_guest-exec-kill\", \"success-response\": true}]}}"), id));
        agent.handle("guest-exec", (args, id) -> FakeGuestAgent.reply("{\"return\": {\"pid\": 8}}", id));
        agent.handle("__dev.jga_guest-exec-kill", (args, id) -> {
            kills.add(JsonWriter.toString(args));
            presses.set(2);
            return FakeGuestAgent.reply("{\"return\": {}}", id);
        });
        agent.handle("guest-exec-status", (args, id) -> FakeGuestAgent.reply(kills.size() == 2
                ? "{\"return\": {\"exited\": true, \"signal\": 9, \"out-data\": \"YnllCg==\"}}"
                : "{\"return\": {\"exited\": false}}", id));
        List<Interrupts.SignalSent> sent = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AgentClient client = AgentClient.connect(agent.target(), FAST)) {
            ExecResult result = client.exec(ExecRequest.builder("sleep", List.of("99")).stdout(out)
                    .interrupts(recording(presses, sent)).build());
            assertThat(result).isEqualTo(new ExecResult.Abandoned(8, ExecResult.Reason.CANCELLED, true));
        }
        assertThat(kills).containsExactly("{\"pid\": 8, \"signal\": \"TERM\", \"grace\": 5, \"tree\": true}",
                "{\"pid\": 8, \"signal\": \"KILL\", \"tree\": true}");
        assertThat(sent).containsExactly(new Interrupts.SignalSent(8, "TERM", true, true),
                new Interrupts.SignalSent(8, "KILL", true, false));
        assertThat(out.toString(StandardCharsets.US_ASCII)).as("the program's last words").isEqualTo("bye\n");
    }

    private static Interrupts recording(AtomicInteger presses, List<Interrupts.SignalSent> sent) {
        return new Interrupts() {
            @Override
            public int count() {
                return presses.get();
            }

            @Override
            public void sent(SignalSent signal) {
                sent.add(signal);
            }
        };
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
