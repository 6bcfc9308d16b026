// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jga.protocol.json.JsonStreamer.Limits;
import java.util.Random;

/**
 * Arbitrary bytes, arbitrary chunking: the streamer never throws, every error has a text, and how
 * the bytes are split across feeds never changes the events (a client's write sizes must not
 * matter). Runs its seeds in regression mode during {@code mvn verify}; fuzz for real with
 * {@code JAZZER_FUZZ=1 mvn -pl protocol test -Dtest=JsonStreamerFuzzTest}.
 */
class JsonStreamerFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyBytesInAnyChunkingGiveTheSameEventsAndNeverThrow(FuzzedDataProvider data) {
        Limits limits = data.consumeBoolean()
                ? Limits.QEMU
                : new Limits(data.consumeInt(1, 300), data.consumeInt(1, 40), data.consumeInt(1, 6));
        long chunkingSeed = data.consumeLong();
        byte[] input = data.consumeRemainingAsBytes();

        RecordingSink whole = feed(input, limits, input.length, null);
        RecordingSink bytewise = feed(input, limits, 1, null);
        RecordingSink chunked = feed(input, limits, 0, new Random(chunkingSeed));

        assertThat(bytewise.events).isEqualTo(whole.events);
        assertThat(chunked.events).isEqualTo(whole.events);
        assertThat(whole.events).noneMatch(event -> event.equals("error: "));
    }

    @FuzzTest(maxDuration = "30s")
    void parserThrowsOnlyItsOwnException(byte[] input) {
        try {
            JsonWriter.toString(JsonParser.parse(input));
        } catch (JsonParseException e) {
            assertThat(e.desc()).isNotEmpty();
        }
    }

    /** Feeds in chunks of {@code size}, or of random sizes when {@code random} is given. */
    private static RecordingSink feed(byte[] input, Limits limits, int size, Random random) {
        RecordingSink sink = new RecordingSink();
        JsonStreamer streamer = new JsonStreamer(sink, limits);
        int at = 0;
        while (at < input.length) {
            int length = Math.min(input.length - at, random == null ? Math.max(size, 1) : 1 + random.nextInt(16));
            streamer.feed(input, at, length);
            at += length;
        }
        return sink;
    }
}
