// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.wire.Messages;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A streamer whose allowance refuses: one memory error per refused message, nothing held, the next served. */
class JsonStreamerAllowanceTest {

    private static final String PING = "{\"execute\":\"guest-ping\"}";
    private static final String REFUSED = "error: " + Messages.MEMORY_EXHAUSTED;

    /** An allowance of a fixed size that records what is in use. */
    private static final class Fixed implements MemoryAllowance {
        final long size;
        long used;

        Fixed(long size) {
            this.size = size;
        }

        @Override
        public boolean reserve(long bytes) {
            if (used + bytes > size) {
                return false;
            }
            used += bytes;
            return true;
        }

        @Override
        public void release(long bytes) {
            used -= bytes;
            assertThat(used).isNotNegative();
        }
    }

    @Test
    void aMessageTooLargeForTheAllowanceIsAnsweredAtOnceEvenBeforeItEnds() {
        Fixed allowance = new Fixed(64 * 1024);
        RecordingSink sink = new RecordingSink();
        JsonStreamer streamer = new JsonStreamer(sink, JsonStreamer.Limits.QEMU, allowance);
        feed(streamer, "{\"execute\":\"guest-file-write\",\"arguments\":{\"handle\":1,\"buf-b64\":\"");
        for (int i = 0; i < 64; i++) {
            feed(streamer, "QUFB".repeat(1024));
        }
        assertThat(sink.events).containsExactly(REFUSED);
        assertThat(allowance.used).isZero();
        assertThat(streamer.retainedBytes()).isLessThanOrEqualTo(256);
    }

    @Test
    void theRestOfARefusedMessageIsSkippedSilentlyAndTheNextOneIsServed() {
        Fixed allowance = new Fixed(16 * 1024);
        RecordingSink sink = new RecordingSink();
        JsonStreamer streamer = new JsonStreamer(sink, JsonStreamer.Limits.QEMU, allowance);
        feed(streamer, "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/bin/cat\",\"input-data\":\""
                + "QUFB".repeat(8192) + "\",\"arg\":[\"a\",{\"b\":[1,2]}]}}" + PING);
        assertThat(sink.events).containsExactly(REFUSED, PING.replace(":", ": "));
        assertThat(allowance.used).isZero();
    }

    @Test
    void aParsedValueTooLargeForTheAllowanceIsRefusedWithOneError() {
        // the text fits (8 KiB buffer), its parsed estimate does not
        Fixed allowance = new Fixed(12 * 1024);
        RecordingSink sink = new RecordingSink();
        JsonStreamer streamer = new JsonStreamer(sink, JsonStreamer.Limits.QEMU, allowance);
        feed(streamer, "[\"" + "a".repeat(7000) + "\"]" + PING);
        assertThat(sink.events).containsExactly(REFUSED, PING.replace(":", ": "));
        assertThat(allowance.used).isZero();
    }

    @Test
    void whatAHalfSentMessageHoldsIsGivenBackWhenTheStreamerIsReleased() {
        Fixed allowance = new Fixed(1 << 20);
        RecordingSink sink = new RecordingSink();
        JsonStreamer streamer = new JsonStreamer(sink, JsonStreamer.Limits.QEMU, allowance);
        feed(streamer, "{\"execute\":\"guest-file-write\",\"arguments\":{\"buf-b64\":\"" + "QUFB".repeat(50_000));
        assertThat(allowance.used).isGreaterThan(200_000);
        streamer.release();
        assertThat(allowance.used).isZero();
        assertThat(sink.events).isEmpty();
    }

    private static void feed(JsonStreamer streamer, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        streamer.feed(bytes, 0, bytes.length);
    }
}
