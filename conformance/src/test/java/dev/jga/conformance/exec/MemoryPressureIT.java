// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import static dev.jga.conformance.exec.ExecSession.bool;
import static dev.jga.conformance.exec.ExecSession.number;
import static dev.jga.conformance.exec.ExecSession.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.conformance.OneAgent;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParser;
import dev.jga.protocol.wire.Messages;
import dev.jga.testkit.Health;
import dev.jga.testkit.JgaOnly;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many large requests at once (issue 10): every request gets a reply, its data or qemu-ga's
 * out-of-memory error, and nothing else is affected; no connection is closed without a reply,
 * exec keeps working, no zombie is left. jga serves these clients at once and refuses what its
 * memory budget cannot hold; qemu-ga serves one client at a time, so the concurrent cases are jga's.
 */
class MemoryPressureIT extends OneAgent {

    private static final int READ_COUNT = 48 << 20;
    private static final String REFUSED = "{\"error\": {\"class\": \"GenericError\", \"desc\": \""
            + Messages.MEMORY_EXHAUSTED + "\"}}";
    private static final String PAD_UNEXPECTED = "{\"error\": {\"class\": \"GenericError\", \"desc\": "
            + "\"Parameter 'pad' is unexpected\"}}";

    @AfterEach
    void execStillWorksAndNoZombieIsLeft() throws IOException {
        try (ExecSession session = new ExecSession(agent.connect())) {
            JsonObject status = session.run("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"echo ok\"],\"capture-output\":true}");
            assertThat(ExecSession.text(status.get("out-data"))).isEqualTo("ok\n");
        }
        assertThat(Zombies.childrenOf(agent.pid())).isEmpty();
        Health.assertRssBounded(agent);
    }

    @Test
    @JgaOnly("qemu-ga serves one client at a time: the reads would simply run one after another")
    void sixteenConcurrent48MiBReadsEachGetTheirDataOrAnOutOfMemoryError() throws IOException {
        Path file = agent.dir().resolve("big");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(READ_COUNT);
        }
        List<WireClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                WireClient client = agent.connect();
                clients.add(client);
                long handle = number(((JsonObject) client.request("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\""
                        + file + "\"}}")).get("return"));
                client.sendLine("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle
                        + ",\"count\":" + READ_COUNT + "}}");
            }
            int read = 0;
            for (WireClient client : clients) {
                byte[] line = client.readLine();
                String head = new String(line, 0, Math.min(line.length, 200), StandardCharsets.US_ASCII);
                if (head.startsWith("{\"return\"")) {
                    assertThat(head).startsWith("{\"return\": {\"count\": " + READ_COUNT + ",");
                    assertThat(line.length).isGreaterThan(READ_COUNT / 3 * 4);
                    read++;
                } else {
                    assertThat(client.parse(line)).isEqualTo(JsonParser.parse(REFUSED));
                }
            }
            assertThat(read).as("reads that got their data").isPositive();
        } finally {
            clients.forEach(WireClient::close);
        }
    }

    @Test
    @JgaOnly("qemu-ga serves one client at a time: the others wait in its listen backlog")
    void twelveClientsSendingHalfOfA60MiBRequestAtOnceEachGetOneReply() {
        byte[] message = paddedPing(60 << 20);
        int half = message.length / 2;
        List<WireClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                WireClient client = agent.connect();
                clients.add(client);
                client.send(Arrays.copyOfRange(message, 0, half));
            }
            for (WireClient client : clients) {
                client.send(Arrays.copyOfRange(message, half, message.length));
            }
            int served = 0;
            for (WireClient client : clients) {
                var reply = client.readReply();
                if (reply.equals(JsonParser.parse(PAD_UNEXPECTED))) {
                    served++;
                } else {
                    assertThat(reply).isEqualTo(JsonParser.parse(REFUSED));
                }
                assertThat(client.request("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":7}}"))
                        .isEqualTo(JsonParser.parse("{\"return\": 7}"));
            }
            assertThat(served).as("requests served in full").isPositive();
        } finally {
            clients.forEach(WireClient::close);
        }
    }

    @Test
    @JgaOnly("qemu-ga serves one client at a time: the others wait in its listen backlog")
    void clientsThatLeaveHalfwayThroughHugeRequestsGiveTheirMemoryBack() {
        byte[] message = paddedPing(60 << 20);
        for (int i = 0; i < 12; i++) {
            try (WireClient quitter = agent.connect()) {
                quitter.send(Arrays.copyOfRange(message, 0, message.length / 2));
            }
        }
        // Each leaver's session gives its buffer back as it notices the end of its input; a whole
        // request, which needs more than half the budget, is then served again.
        try (WireClient client = agent.connect()) {
            for (int attempt = 0; ; attempt++) {
                var reply = client.send(message).readReply();
                if (reply.equals(JsonParser.parse(PAD_UNEXPECTED)) || attempt == 20) {
                    assertThat(reply).isEqualTo(JsonParser.parse(PAD_UNEXPECTED));
                    break;
                }
                ExecSession.pause(250);
            }
        }
    }

    @Test
    void anExecWith40MiBOfInputDataRunsToTheEnd() {
        byte[] input = new byte[40 << 20];
        Arrays.fill(input, (byte) 'x');
        try (ExecSession session = new ExecSession(agent.connect())) {
            JsonObject status = session.run("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"wc -c\"],\"capture-output\":true,"
                    + "\"input-data\":\"" + ExecSession.b64(input) + "\"}");
            assertThat(number(status.get("exitcode"))).isZero();
            assertThat(ExecSession.text(status.get("out-data")).trim()).isEqualTo(String.valueOf(input.length));
        }
    }

    @Test
    @JgaOnly("qemu-ga keeps 16 MiB per child whatever its memory; jga truncates what its budget cannot hold")
    void fortyChildrenCapturing16MiBEachAllFinishWithTheirOutputWholeOrFlaggedTruncated() {
        try (ExecSession session = new ExecSession(agent.connect())) {
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                pids.add(session.exec("{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"head -c 16777216 /dev/zero\"],"
                        + "\"capture-output\":true}"));
            }
            for (long pid : pids) {
                JsonObject status = awaitExitOrRefusal(session, pid);
                assertThat(number(status.get("exitcode"))).isZero();
                int kept = status.has("out-data") ? string(status.get("out-data")).length() : 0;
                if (bool(status.get("out-truncated"))) {
                    assertThat(kept).isLessThan((16 << 20) / 3 * 4 + 4);
                } else {
                    assertThat(kept).isEqualTo((16 << 20) / 3 * 4 + 4);
                }
            }
        }
    }

    /** Status until exited; a status refused for memory (another reply's copy in flight) is asked again. */
    private static JsonObject awaitExitOrRefusal(ExecSession session, long pid) {
        for (int attempt = 0; ; attempt++) {
            JsonObject reply = session.reply("{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}");
            if (reply.has("return") && bool(((JsonObject) reply.get("return")).get("exited"))) {
                return (JsonObject) reply.get("return");
            }
            if (reply.has("error")) {
                assertThat(reply).isEqualTo(JsonParser.parse(REFUSED));
            }
            assertThat(attempt).as("pid %d never reported exited", pid).isLessThan(3000);
            ExecSession.pause(10);
        }
    }

    /** guest-ping with an unexpected member padded to {@code size} bytes: parsed whole, then refused cheaply. */
    private static byte[] paddedPing(int size) {
        String head = "{\"execute\":\"guest-ping\",\"arguments\":{\"pad\":\"";
        String tail = "\"}}";
        byte[] message = new byte[size];
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(headBytes, 0, message, 0, headBytes.length);
        Arrays.fill(message, headBytes.length, size - tail.length(), (byte) 'a');
        System.arraycopy(tail.getBytes(StandardCharsets.US_ASCII), 0, message, size - tail.length(), tail.length());
        return message;
    }
}
