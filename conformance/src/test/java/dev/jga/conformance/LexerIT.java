// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import org.junit.jupiter.api.Test;

/**
 * qemu's JSON lexer, streamer and parser (qobject/json-lexer.c, json-streamer.c, json-parser.c): parse-error texts, and how many
 * replies one bad request yields, because after a lexical error whatever follows is parsed afresh
 * (every stray {@code ]} or {@code }} is another "expecting value"). Each case ends with a good
 * request to show the session recovered.
 */
class LexerIT extends OneAgent {

    private static final String GOOD = """
            > {"execute":"guest-sync","arguments":{"id":77}}
            < {"return": 77}
            """;

    @Test
    void leadingZeroIsAStrayTokenAndTheRestOfTheObjectOneMoreError() {
        run("""
                > {"execute":"guest-ping","id":01}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '01'"}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                """);
    }

    @Test
    void anExtraClosingBraceAfterAGoodRequestIsOneMoreError() {
        run("""
                > {"execute":"guest-ping"}}
                < {"return": {}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                > ]]
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                """);
    }

    @Test
    void structuralParseErrorsGiveOneReplyEach() {
        run("""
                > {"a" 1}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, missing : in object pair"}}
                > {"a":1 "b":2}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expected separator in dict"}}
                > [1 2]
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expected separator in list"}}
                > {"a":1,"a":2}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, duplicate key"}}
                > {"a":}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                """);
    }

    @Test
    void afterALexicalErrorParsingResumesAtCommasAndColonsToo() {
        // Recovery skips to a structural character, ',' and ':' included, or a control character.
        run("""
                > {"a":@,"b":1}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '@'"}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                < {"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                < {"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                > [1,@,2]
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '@'"}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                < {"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                > {"a":\\x01"b"}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '\\u0001'"}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                """);
    }

    @Test
    void aRequestAfterABadOneInTheSameWriteIsServed() {
        run("""
                > {"execute":"guest-ping","id":01}{"execute":"guest-sync","arguments":{"id":2}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '01'"}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                < {"return": 2}
                """);
    }

    @Test
    void aMalformedNumberSwallowsTheCharacterThatEndedIt() {
        // The stray token includes the '}' that proved the number wrong, so nothing is left over.
        run("""
                > {"a":-}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '-}'"}}
                > {"a":1.}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '1.}'"}}
                > {"a":1e}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '1e}'"}}
                > {"a":.5}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '.'"}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                > {"a":0x10}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expected separator in dict"}}
                """);
    }

    @Test
    void badUnicodeEscapesAreNamedInTheError() {
        run("""
                > {"a":"\\u12"}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, \\\\u12\\" is not a valid Unicode character"}}
                > {"a":"\\uD800\\u0041"}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, \\\\uD800 is not a valid Unicode character"}}
                > {"a":"\\uDC00"}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, \\\\uDC00 is not a valid Unicode character"}}
                > {"execute":"guest-ping","id":"\\uD83D\\uDE00"}
                < {"return": {}, "id": "😀"}
                """);
    }

    @Test
    void keywordsAreLexedAsLettersThenChecked() {
        run("""
                > {"a":tru}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, invalid keyword 'tru'"}}
                > {"execute":garbage}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, invalid keyword 'garbage'"}}
                > {"a":True}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray 'T'"}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                """);
    }

    @Test
    void badEscapesAndCharactersInStrings() {
        run("""
                > {"a":"\\q"}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, invalid escape sequence in string"}}
                > {"a":"\\ud83d"}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, \\\\ud83d is not a valid Unicode character"}}
                > {"a":"x\\x01"}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '\\"x\\u0001'"}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                > {"a":"a\\x09"}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '\\"a\\t'"}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                """);
    }

    @Test
    void invalidUtf8InAStringIsAParseErrorOfTheWholeMessage() {
        // Truncated sequence, encoded surrogate, overlong form, beyond U+10FFFF, noncharacter U+FFFF.
        run("""
                > {"execute":"gue\\xc3("}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, invalid UTF-8 sequence in string"}}
                > {"execute":"guest-ping","id":"\\xed\\xa0\\xbd"}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, invalid UTF-8 sequence in string"}}
                > {"execute":"guest-ping","id":"\\xc0\\xaf"}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, invalid UTF-8 sequence in string"}}
                > {"execute":"guest-ping","id":"\\xf4\\x90\\x80\\x80"}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, invalid UTF-8 sequence in string"}}
                > {"execute":"guest-ping","id":"\\xef\\xbf\\xbf"}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, invalid UTF-8 sequence in string"}}
                """);
    }

    @Test
    void byte0xFEInAStringIsAStrayTokenWithAReplacementCharacter() {
        // 0xFE/0xFF can never occur in UTF-8: the lexer stops at once, token included.
        run("""
                > {"execute":"gue\\xfe("}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '\\"gue\\uFFFD'"}}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                """);
    }

    @Test
    void aMultiByteCharacterSplitAcrossWritesIsOneCharacter() {
        run("""
                >> {"execute":"gue\\xc3
                >> \\xa9"}
                < {"error": {"class": "CommandNotFound", "desc": "The command gueé has not been found"}}
                """);
    }

    @Test
    void trailingCommasAreMissingValues() {
        run("""
                > {"a":1,}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                > [1,]
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                > {,}
                < {"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}
                """);
    }

    @Test
    void nonAsciiOutsideAStringIsAStrayToken() {
        run("""
                > \\xc3\\xa9
                < {"error": {"class": "GenericError", "desc": "JSON parse error, stray '\\uFFFD'"}}
                """);
    }

    @Test
    void escapedNulIsAcceptedAndEchoed() {
        run("""
                > {"execute":"guest-ping","id":"a\\u0000b"}
                < {"return": {}, "id": "a\\u0000b"}
                """);
    }

    @Test
    void aTopLevelScalarIsParsedAsSoonAsItEnds() {
        run("""
                > 42
                < {"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}
                > "x" "y"
                < {"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}
                < {"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}
                """);
    }

    private static void run(String transcript) {
        try (WireClient client = agent.connect()) {
            Transcript.of(transcript + GOOD).run(client);
        }
    }
}
