// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.testkit.WireClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bytes of a reply (qobject/qjson.c to_json, qga/main.c send_response): {@code ": "} and {@code ", "} separators, non-ASCII
 * and DEL as upper-case {@code \}{@code uXXXX}, surrogate pairs, {@code /} unescaped, doubles as
 * {@code %.17g}. The echoed id carries the value; member order is hash order, so only the id member
 * is compared byte for byte.
 */
class ReplyFormatIT extends OneAgent {

    @ParameterizedTest(name = "id {0} is echoed as {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            "é"                                  | "\\u00E9"
            "😀"                                 | "\\uD83D\\uDE00"
            "\\u007f\\u0000\\u001f"              | "\\u007F\\u0000\\u001F"
            "a/b\\/c"                            | "a/b/c"
            "\\t\\n\\r\\b\\f\\"\\\\"             | "\\t\\n\\r\\b\\f\\"\\\\"
            'single'                             | "single"
            0.1                                  | 0.10000000000000001
            -0.0                                 | -0
            1e3                                  | 1000
            1.5                                  | 1.5
            -0                                   | 0
            18446744073709551615                 | 18446744073709551615
            -9223372036854775808                 | -9223372036854775808
            -9223372036854775809                 | -9.2233720368547758e+18
            [1, {"x": [true, false, null]}]      | [1, {"x": [true, false, null]}]
            [ ]                                  | []
            {"a" :1}                             | {"a": 1}
            """)
    void idIsEchoedInQemusOutputFormat(String sent, String echoed) {
        try (WireClient client = agent.connect()) {
            client.sendLine("{\"execute\":\"guest-ping\",\"id\":" + sent + "}");
            String line = new String(client.readLine(), StandardCharsets.UTF_8);
            assertThat(line).as("reply line").contains("\"id\": " + echoed).contains("\"return\": {}")
                    .matches("\\{\"(return|id)\": .*, \"(return|id)\": .*}");
        }
    }
}
