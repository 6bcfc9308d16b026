// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test against the real qemu-ga 7.2: {@code qemu-ga-7.2-transcript.txt} holds 661
 * inputs (hand-picked edge cases plus random splices of tricky fragments, no 0xFF) and the exact
 * reply lines qemu-ga sent for each, recorded with a python socket client
 * ({@code qemu-ga-transcript.py} next to it regenerates the file). Parse errors must match
 * byte for byte once rendered as qemu-ga renders them; every other reply was a dispatched value.
 */
class JsonStreamerTranscriptTest {

    record Case(String hex, List<String> replies) {
        @Override
        public String toString() {
            return hex.length() <= 64 ? hex : hex.substring(0, 64) + "...";
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = JsonStreamerTranscriptTest.class.getResourceAsStream("qemu-ga-7.2-transcript.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("> ")) {
                    cases.add(new Case(line.substring(2), new ArrayList<>()));
                } else if (line.startsWith("< ")) {
                    cases.getLast().replies().add(line.substring(2));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void repliesMatchQemuGa72WhetherFedWholeOrBytewise(Case recorded) {
        byte[] input = HexFormat.of().parseHex(recorded.hex());
        assertThat(replies(RecordingSink.eventsOf(input))).isEqualTo(recorded.replies());
        assertThat(replies(RecordingSink.eventsOfBytewise(input))).isEqualTo(recorded.replies());
    }

    /** What qemu-ga writes for each event, parse errors exactly, dispatched values as VALUE. */
    private static List<String> replies(List<String> events) {
        return events.stream()
                .map(event -> event.startsWith("error: ")
                        ? "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                                + JsonWriter.toString(new JsonString(event.substring(7))) + "}}"
                        : "VALUE")
                .toList();
    }
}
