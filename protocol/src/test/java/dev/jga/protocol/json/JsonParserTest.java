// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link JsonParser}: qemu's {@code qobject_from_json}, exactly one value or qemu's error text. */
class JsonParserTest {

    @Test
    void parsesOneValueWithSurroundingWhitespace() {
        assertThat(JsonParser.parse(" {'a': [1, \"b\"]}\n")).isEqualTo(new JsonObject(java.util.Map.of(
                "a", new JsonArray(List.of(new JsonInteger(1), new JsonString("b"))))));
    }

    @Test
    void topLevelNumberAndKeywordNeedNoTrailingByte() {
        assertThat(JsonParser.parse("42")).isEqualTo(new JsonInteger(42));
        assertThat(JsonParser.parse("1.5")).isEqualTo(new JsonDouble(1.5));
        assertThat(JsonParser.parse("null")).isEqualTo(JsonNull.INSTANCE);
    }

    @Test
    void parsesUtf8Bytes() {
        assertThat(JsonParser.parse("\"\u00e9\"".getBytes(StandardCharsets.UTF_8))).isEqualTo(new JsonString("\u00e9"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ``                | Expecting a JSON value
            `   `             | Expecting a JSON value
            1 2               | Expecting at most one JSON value
            {} []             | Expecting at most one JSON value
            {"a":1            | JSON parse error, premature EOI
            [1,               | JSON parse error, premature EOI
            [                 | JSON parse error, premature EOI
            "abc              | JSON parse error, stray '"abc'
            1.                | JSON parse error, stray '1.'
            -                 | JSON parse error, stray '-'
            tru               | JSON parse error, invalid keyword 'tru'
            ]                 | JSON parse error, expecting value
            [1 2]             | JSON parse error, expected separator in list
            x 1               | JSON parse error, invalid keyword 'x'
            """)
    void rejectsAnythingButOneValueWithQemusText(String text, String desc) {
        assertThatThrownBy(() -> JsonParser.parse(text))
                .isInstanceOfSatisfying(JsonParseException.class, e -> assertThat(e.desc()).isEqualTo(desc))
                .hasMessage(desc);
    }

    @Test
    void firstErrorWinsOverLaterValues() {
        assertThatThrownBy(() -> JsonParser.parse("] 1")).hasMessage("JSON parse error, expecting value");
    }
}
