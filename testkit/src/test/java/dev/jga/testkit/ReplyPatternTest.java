// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.JsonParser;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplyPatternTest {

    private static Optional<String> match(String pattern, String actual, Map<String, String> captures) {
        return ReplyPattern.of(pattern).match(JsonParser.parse(actual), captures);
    }

    private static Optional<String> match(String pattern, String actual) {
        return match(pattern, actual, new HashMap<>());
    }

    @Test
    void memberOrderDoesNotMatter() {
        assertThat(match("{\"return\": {}, \"id\": 1}", "{\"id\": 1, \"return\": {}}")).isEmpty();
    }

    @Test
    void arrayOrderMatters() {
        assertThat(match("[1, 2]", "[2, 1]")).hasValueSatisfying(diff -> assertThat(diff).contains("$[0]"));
    }

    @Test
    void missingOrExtraMembersAreReported() {
        assertThat(match("{\"return\": 1}", "{\"return\": 1, \"id\": 2}")).isPresent();
        assertThat(match("{\"return\": 1, \"id\": 2}", "{\"return\": 1}")).isPresent();
    }

    @Test
    void integersDoublesAndUnsignedAreDistinct() {
        assertThat(match("{\"return\": 1}", "{\"return\": 1.0}")).isPresent();
        assertThat(match("18446744073709551615", "18446744073709551615")).isEmpty();
        assertThat(match("-0", "0")).isEmpty();
    }

    @Test
    void matchersAcceptTheirTypeOnly() {
        assertThat(match("{\"return\": $int}", "{\"return\": 1000}")).isEmpty();
        assertThat(match("{\"return\": $int}", "{\"return\": \"1000\"}")).isPresent();
        assertThat(match("{\"b\": $base64}", "{\"b\": \"aGVsbG8=\"}")).isEmpty();
        assertThat(match("{\"b\": $base64}", "{\"b\": \"aGVsbG8\"}")).isPresent();
        assertThat(match("{\"b\": $base64}", "{\"b\": \"\"}")).isEmpty();
        assertThat(match("[$any, $bool, $string, $object, $array]", "[null, true, \"s\", {}, []]")).isEmpty();
        assertThat(match("$uint", "-1")).isPresent();
    }

    @Test
    void capturesKeepTheJsonText() {
        Map<String, String> captures = new HashMap<>();
        assertThat(match("{\"return\": $int:h, \"s\": $string:s}", "{\"s\": \"x\", \"return\": 1001}", captures))
                .isEmpty();
        assertThat(captures).containsEntry("h", "1001").containsEntry("s", "\"x\"");
    }
}
