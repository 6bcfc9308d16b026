// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Records a streamer's events as readable lines: a value as its qemu wire text, an error as
 * {@code "error: " + desc}. Comparing lists of lines keeps the order and multiplicity of events
 * visible in assertion failures.
 */
final class RecordingSink implements JsonSink {

    final List<String> events = new ArrayList<>();
    final List<Json> values = new ArrayList<>();

    @Override
    public void value(Json value) {
        values.add(value);
        events.add(JsonWriter.toString(value));
    }

    @Override
    public void error(String desc) {
        events.add("error: " + desc);
    }

    /** Feeds {@code input} to a fresh streamer in one call and returns the events. */
    static List<String> eventsOf(byte[] input) {
        return eventsOf(input, JsonStreamer.Limits.QEMU);
    }

    static List<String> eventsOf(byte[] input, JsonStreamer.Limits limits) {
        RecordingSink sink = new RecordingSink();
        new JsonStreamer(sink, limits).feed(input, 0, input.length);
        return sink.events;
    }

    static List<String> eventsOf(String input) {
        return eventsOf(input.getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds {@code input} one byte per call. */
    static List<String> eventsOfBytewise(byte[] input) {
        RecordingSink sink = new RecordingSink();
        JsonStreamer streamer = new JsonStreamer(sink);
        for (int i = 0; i < input.length; i++) {
            streamer.feed(input, i, 1);
        }
        return sink.events;
    }

    /** Latin-1 lets a test write any byte 0xXX as the Java escape for U+00XX. */
    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }
}
