// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The limits at qemu's real size (64 MiB): a guest-file-write with a base64 string just under it is
 * parsed whole, one byte more is refused. The expected events were recorded from qemu-ga 7.2 with
 * the same inputs. The time the big parse takes is printed, never asserted (machines are noisy;
 * bin/bench measures speed side by side with qemu-ga).
 */
class JsonStreamerAtQemuScaleTest {

    private static final int MIB = 1 << 20;
    private static final int LIMIT = 64 * MIB;
    private static final int READ_SIZE = 4096; // qemu-ga's QGA_READ_COUNT_DEFAULT
    private static final String SIZE_EXCEEDED = "error: JSON token size limit exceeded";
    private static final String EXPECTING_VALUE = "error: JSON parse error, expecting value";

    @Test
    void requestWithA64MiBStringJustUnderTheLimitIsParsedWhole() {
        byte[] warmUp = writeRequest(8 * MIB);
        for (int i = 0; i < 5; i++) {
            feedInReads(warmUp, new ValueKeeper());
        }
        byte[] request = writeRequest(LIMIT - 1);
        ValueKeeper sink = new ValueKeeper();

        long started = System.nanoTime();
        feedInReads(request, sink);
        long millis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf("64 MiB request: lexed and parsed in %d ms (4 KiB feeds)%n", millis);
        JsonObject arguments = (JsonObject) ((JsonObject) sink.value).get("arguments");
        String base64 = ((JsonString) arguments.get("buf-b64")).value();
        assertThat(base64).hasSize(LIMIT - 1 - REQUEST_OVERHEAD);
    }

    /** Keeps the value without rendering it, so the timing is the streamer's alone. */
    private static final class ValueKeeper implements JsonSink {
        Json value;

        @Override
        public void value(Json json) {
            value = json;
        }

        @Override
        public void error(String desc) {
            throw new AssertionError(desc);
        }
    }

    @Test
    void requestOneByteOverTheLimitIsRejected() {
        RecordingSink sink = feedInReads(writeRequest(LIMIT));
        // the last token, '}', fails the check; nothing of the message is left to re-lex
        assertThat(sink.events).containsExactly(SIZE_EXCEEDED);
    }

    @Test
    void stringLongerThanTheLimitYieldsLimitErrorThenStrayThenExpectingValue() {
        byte[] input = concat("[\"", repeat('A', LIMIT + 10), "\"]");
        assertThat(feedInReads(input).events).containsExactly(
                SIZE_EXCEEDED, "error: JSON parse error, stray 'A'", EXPECTING_VALUE);
    }

    @Test
    void arrayWhoseTokensTotalOneByteUnderTheLimitIsAccepted() {
        assertThat(feedInReads(concat("[\"", repeat('A', LIMIT - 5), "\"]")).values).hasSize(1);
        assertThat(feedInReads(concat("[\"", repeat('A', LIMIT - 4), "\"]")).events)
                .containsExactly(SIZE_EXCEEDED);
    }

    @Test
    void singleTokenOfExactlyTheLimitFailsInTheStreamerOneByteMoreIsCutByTheLexer() {
        assertThat(feedInReads(concat("\"", repeat('A', LIMIT - 2), "\"")).events).containsExactly(SIZE_EXCEEDED);
        // cut after '"' + 64 MiB of A; the closing quote then opens a new, pending string
        assertThat(feedInReads(concat("\"", repeat('A', LIMIT), "\"")).events).containsExactly(SIZE_EXCEEDED);
    }

    @Test
    void neverEndingGigabyteStringCostsAtMostTheLimit() {
        RecordingSink sink = new RecordingSink();
        JsonStreamer streamer = new JsonStreamer(sink);
        byte[] start = "{\"execute\":\"guest-file-write\",\"arguments\":{\"buf-b64\":\""
                .getBytes(StandardCharsets.US_ASCII);
        streamer.feed(start, 0, start.length);
        byte[] chunk = repeat('A', MIB);
        for (int i = 0; i < 1024; i++) {
            streamer.feed(chunk, 0, chunk.length);
            assertThat(streamer.retainedBytes()).isLessThanOrEqualTo(LIMIT + 1);
        }
        assertThat(sink.events).containsExactly(SIZE_EXCEEDED, "error: JSON parse error, stray 'A'");
    }

    private static final String REQUEST_HEAD =
            "{\"execute\": \"guest-file-write\", \"arguments\": {\"handle\": 1000, \"buf-b64\": \"";
    private static final String REQUEST_TAIL = "\"}}";
    /** Token bytes of the request other than the base64 text (whitespace does not count). */
    private static final int REQUEST_OVERHEAD = REQUEST_HEAD.replace(" ", "").length() + REQUEST_TAIL.length();

    /** A guest-file-write whose tokens total exactly {@code tokenBytes} bytes. */
    private static byte[] writeRequest(int tokenBytes) {
        return concat(REQUEST_HEAD, repeat('A', tokenBytes - REQUEST_OVERHEAD), REQUEST_TAIL);
    }

    private static RecordingSink feedInReads(byte[] input) {
        return feedInReads(input, new RecordingSink());
    }

    private static <S extends JsonSink> S feedInReads(byte[] input, S sink) {
        JsonStreamer streamer = new JsonStreamer(sink);
        for (int at = 0; at < input.length; at += READ_SIZE) {
            streamer.feed(input, at, Math.min(READ_SIZE, input.length - at));
        }
        return sink;
    }

    private static byte[] repeat(char c, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] t = tail.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(h, h.length + middle.length + t.length);
        System.arraycopy(middle, 0, all, h.length, middle.length);
        System.arraycopy(t, 0, all, h.length + middle.length, t.length);
        return all;
    }
}
