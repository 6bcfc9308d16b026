// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import static dev.jga.conformance.exec.ExecSession.b64;
import static dev.jga.conformance.exec.ExecSession.bool;
import static dev.jga.conformance.exec.ExecSession.bytes;
import static dev.jga.conformance.exec.ExecSession.number;
import static dev.jga.conformance.exec.ExecSession.show;
import static dev.jga.conformance.exec.ExecSession.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.JsonObject;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.JgaOnly;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The founding guest-exec design (the 2014–2015 guest-exec patch series on qemu-devel): guest-pipe-open handles given to a child
 * as handle_stdin/stdout/stderr, read and written with guest-file-* while the child runs, and
 * status with exit/signal/handles and -1 where not applicable. A fresh agent per test, so handles
 * start at 1000 as in the cover letter.
 */
@JgaOnly("qemu-ga has neither guest-pipe-open nor handle_*/params: the 2015 series was not merged "
        + "(its schema rejects them as unexpected parameters)")
class FoundingExecIT {

    private AgentUnderTest agent;
    private ExecSession session;

    @BeforeEach
    void start() {
        agent = AgentUnderTest.start();
        session = new ExecSession(agent.connect());
    }

    @AfterEach
    void stop() {
        session.close();
        agent.close();
    }

    private long pipe(String mode) {
        return number(session.ok("{\"execute\":\"guest-pipe-open\",\"arguments\":{\"mode\":\"" + mode + "\"}}"));
    }

    private JsonObject read(long handle, int count) {
        return (JsonObject) session.ok("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle
                + ",\"count\":" + count + "}}");
    }

    private long write(long handle, byte[] data) {
        JsonObject reply = (JsonObject) session.ok("{\"execute\":\"guest-file-write\",\"arguments\":{\"handle\":"
                + handle + ",\"buf-b64\":\"" + b64(data) + "\"}}");
        return number(reply.get("count"));
    }

    private void close(long handle) {
        session.ok("{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + handle + "}}");
    }

    /** Reads {@code handle} until eof (polling while the writer lives). */
    private byte[] readToEof(long handle) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            JsonObject chunk = read(handle, 65536);
            all.writeBytes(bytes(chunk.get("buf-b64")));
            if (bool(chunk.get("eof"))) {
                return all.toByteArray();
            }
            assertThat(System.nanoTime()).isLessThan(deadline);
            if (number(chunk.get("count")) == 0) {
                ExecSession.pause(2);
            }
        }
    }

    @Test
    void coverLetterSessionWorksAsDescribed() {
        assertThat(pipe("r")).isEqualTo(1000);
        long pid = session.exec("{\"path\":\"id\",\"params\":[\"user\"],\"env\":[\"MYENV=myvalue\"],\"handle_stdout\":1000}");
        JsonObject status = session.awaitExit(pid);
        // id takes "user" as a user name; whether it exists here decides exit 0 or 1.
        assertThat(show(status)).matches("\\{\"exited\": true, \"signal\": -1, \"exit\": [01], "
                + "\"handle_stdin\": -1, \"handle_stdout\": 1000, \"handle_stderr\": -1\\}");
        JsonObject chunk = read(1000, 128);
        long exit = number(status.get("exit"));
        if (exit == 0) {
            assertThat(text(chunk.get("buf-b64"))).startsWith("uid=");
            assertThat(number(chunk.get("count"))).isPositive();
        }
        assertThat(bool(chunk.get("eof")) || bool(read(1000, 128).get("eof"))).isTrue();
        close(1000);
    }

    @Test
    void foundingStatusWhileRunningHasMinusOnes() {
        long out = pipe("r");
        long pid = session.exec("{\"path\":\"/bin/sleep\",\"params\":[\"0.5\"],\"handle_stdout\":" + out + "}");
        assertThat(show(session.status(pid))).isEqualTo("{\"exited\": false, \"signal\": -1, \"exit\": -1, "
                + "\"handle_stdin\": -1, \"handle_stdout\": " + out + ", \"handle_stderr\": -1}");
        session.awaitExit(pid);
        close(out);
    }

    @Test
    void outputIsReadableWhileTheChildStillRuns() {
        long out = pipe("r");
        long pid = session.exec("{\"path\":\"/bin/sh\",\"params\":[\"-c\",\"echo first; sleep 3; echo second\"],"
                + "\"handle_stdout\":" + out + "}");
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + 2_500_000_000L;
        while (!seen.toString().equals("first\n") && System.nanoTime() < deadline) {
            JsonObject chunk = read(out, 1024);
            assertThat(bool(chunk.get("eof"))).isFalse();
            seen.append(text(chunk.get("buf-b64")));
            ExecSession.pause(5);
        }
        assertThat(seen).hasToString("first\n");
        assertThat(bool(session.status(pid).get("exited"))).isFalse();
        assertThat(new String(readToEof(out))).isEqualTo("second\n");
        assertThat(number(session.awaitExit(pid).get("exit"))).isZero();
        close(out);
    }

    @Test
    void emptyPipeReadsNothingWithoutEofWhileAWriterLives() {
        long out = pipe("r");
        long pid = session.exec("{\"path\":\"/bin/sleep\",\"params\":[\"1\"],\"handle_stdout\":" + out + "}");
        assertThat(show(read(out, 100))).isEqualTo("{\"count\": 0, \"buf-b64\": \"\", \"eof\": false}");
        session.awaitExit(pid);
        assertThat(show(read(out, 100))).isEqualTo("{\"count\": 0, \"buf-b64\": \"\", \"eof\": true}");
        close(out);
    }

    @Test
    void twoHundredKilobytesRoundTripThroughCat() {
        byte[] data = new byte[200 * 1024];
        new Random(42).nextBytes(data);
        long in = pipe("w");
        long out = pipe("r");
        long pid = session.exec("{\"path\":\"/bin/cat\",\"handle_stdin\":" + in + ",\"handle_stdout\":" + out + "}");
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int sent = 0;
        while (sent < data.length) {
            int n = (int) write(in, Arrays.copyOfRange(data, sent, Math.min(data.length, sent + 48 * 1024)));
            sent += n;
            JsonObject chunk = read(out, 65536); // drain, or cat blocks on a full stdout and we on a full stdin
            received.writeBytes(bytes(chunk.get("buf-b64")));
        }
        close(in); // cat sees end of file
        received.writeBytes(readToEof(out));
        assertThat(received.toByteArray()).isEqualTo(data);
        assertThat(number(session.awaitExit(pid).get("exit"))).isZero();
        close(out);
    }

    @Test
    void writeToAFullPipeTakesWhatFitsAndSaysHowMuch() {
        long in = pipe("w");
        long pid = session.exec("{\"path\":\"/bin/sleep\",\"params\":[\"2\"],\"handle_stdin\":" + in + "}");
        long written = write(in, new byte[1024 * 1024]);
        assertThat(written).isPositive().isLessThan(1024 * 1024);
        close(in);
        session.awaitExit(pid);
    }

    @Test
    void writerWhoseReaderClosedGetsSigpipeNotTheAgent() {
        long out = pipe("r");
        long pid = session.exec("{\"path\":\"/usr/bin/yes\",\"handle_stdout\":" + out + "}");
        read(out, 10);
        close(out);
        JsonObject status = session.awaitExit(pid);
        assertThat(number(status.get("signal"))).isEqualTo(13);
        assertThat(number(status.get("exit"))).isEqualTo(-1);
        assertThat(agent.isAlive()).isTrue();
    }

    @Test
    void stdoutCanGoToAGuestFileHandle() throws IOException {
        Path file = agent.dir().resolve("out.txt");
        long handle = number(session.ok("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"" + file
                + "\",\"mode\":\"w\"}}"));
        long pid = session.exec("{\"path\":\"/bin/echo\",\"params\":[\"to a file\"],\"handle_stdout\":" + handle + "}");
        assertThat(number(session.awaitExit(pid).get("exit"))).isZero();
        close(handle);
        assertThat(Files.readString(file)).isEqualTo("to a file\n");
    }

    @Test
    void oneReadPipeCanTakeBothStdoutAndStderr() {
        long out = pipe("r");
        long pid = session.exec("{\"path\":\"/bin/sh\",\"params\":[\"-c\",\"echo 1; echo 2 >&2; echo 3\"],"
                + "\"handle_stdout\":" + out + ",\"handle_stderr\":" + out + "}");
        assertThat(new String(readToEof(out))).isEqualTo("1\n2\n3\n");
        session.awaitExit(pid);
        close(out);
    }

    @Test
    void badHandlesAreErrorsAndStartNothing() {
        Path marker = agent.dir().resolve("started");
        String child = "{\"path\":\"/bin/sh\",\"params\":[\"-c\",\"touch " + marker + "\"]";
        long in = pipe("w");
        long out = pipe("r");
        assertThat(session.execError(child + ",\"handle_stdout\":" + in + "}"))
                .isEqualTo("Parameter 'handle_stdout': pipe handle '" + in + "' is open for mode 'w', this stream needs mode 'r'");
        assertThat(session.execError(child + ",\"handle_stdin\":" + out + "}"))
                .isEqualTo("Parameter 'handle_stdin': pipe handle '" + out + "' is open for mode 'r', this stream needs mode 'w'");
        assertThat(session.execError(child + ",\"handle_stderr\":4242}")).isEqualTo("handle '4242' has not been found");
        assertThat(session.execError(child + ",\"handle_stdout\":" + out + ",\"capture-output\":true}"))
                .isEqualTo("Parameter 'handle_stdout' conflicts with 'capture-output': the child's stdout can only go one way");
        assertThat(session.execError(child + ",\"handle_stdin\":" + in + ",\"input-data\":\"\"}"))
                .isEqualTo("Parameter 'handle_stdin' conflicts with 'input-data': the child's stdin can only go one way");
        assertThat(session.execError(child + ",\"arg\":[]}"))
                .isEqualTo("Parameters 'arg' and 'params' are mutually exclusive");
        assertThat(session.error("{\"execute\":\"guest-pipe-open\",\"arguments\":{\"mode\":\"rw\"}}"))
                .isEqualTo("invalid pipe open mode 'rw'");
        ExecSession.pause(200);
        assertThat(marker).doesNotExist();
        // The pipes were not spent by the failed attempts.
        long pid = session.exec(child + ",\"handle_stdout\":" + out + "}");
        session.awaitExit(pid);
        assertThat(marker).exists();
        assertThat(session.execError("{\"path\":\"/bin/true\",\"handle_stdout\":" + out + "}"))
                .isEqualTo("Parameter 'handle_stdout': pipe handle '" + out + "' has already been given to a child");
    }

    @Test
    void minusOneMeansNoHandle() {
        JsonObject status = session.run("{\"path\":\"/bin/true\",\"handle_stdin\":-1,\"handle_stdout\":-1,\"handle_stderr\":-1}");
        assertThat(show(status)).isEqualTo("{\"exited\": true, \"signal\": -1, \"exit\": 0, "
                + "\"handle_stdin\": -1, \"handle_stdout\": -1, \"handle_stderr\": -1}");
    }

    @Test
    void writingToAPipeWhoseReaderExitedIsAnErrorNotASignalToTheAgent() {
        long in = pipe("w");
        long pid = session.exec("{\"path\":\"/bin/true\",\"handle_stdin\":" + in + "}");
        session.awaitExit(pid);
        assertThat(session.error("{\"execute\":\"guest-file-write\",\"arguments\":{\"handle\":" + in
                + ",\"buf-b64\":\"aGVsbG8=\"}}")).isEqualTo("failed to write to file: Broken pipe");
        assertThat(agent.isAlive()).isTrue();
        close(in);
    }
}
