// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** GLib keyfile reading as qemu-ga 7.2 (GLib 2.74) does it; each case was run through the real qemu-ga. */
class KeyFileTest {

    private static KeyFile parse(String text) throws KeyFileException {
        return KeyFile.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void commentsBlankLinesAndOtherGroupsAreIgnored() throws Exception {
        KeyFile file = parse("# comment\n\n[other]\nmethod=x\n[general]\n  method  =  unix-listen  \n");
        assertThat(file.string("general", "method")).hasValue("unix-listen  ");
        assertThat(file.string("other", "method")).hasValue("x");
        assertThat(file.string("general", "path")).isEmpty();
    }

    @Test
    void laterKeysWinAndRepeatedGroupsContinue() throws Exception {
        KeyFile file = parse("[general]\nmethod=a\nmethod=b\n[x]\n[general]\npath=p\n");
        assertThat(file.string("general", "method")).hasValue("b");
        assertThat(file.string("general", "path")).hasValue("p");
    }

    @Test
    void semicolonIsNotSpecialInAString() throws Exception {
        assertThat(parse("[general]\nblock-rpcs=guest-ping;guest-get-time\n").string("general", "block-rpcs"))
                .hasValue("guest-ping;guest-get-time");
    }

    @Test
    void escapesAreResolved() throws Exception {
        assertThat(parse("[general]\npath=\\sa\\tb\\\\c\\n\n").string("general", "path")).hasValue(" a\tb\\c\n");
    }

    @Test
    void badEscapesCannotBeInterpreted() {
        assertThatThrownBy(() -> parse("[general]\npath=a\\;b\n").string("general", "path"))
                .hasMessage("Key file contains key “path” which has a value that cannot be interpreted.");
        assertThatThrownBy(() -> parse("[general]\npath=a\\\n").string("general", "path"))
                .hasMessage("Key file contains key “path” which has a value that cannot be interpreted.");
    }

    @Test
    void booleansAreTrueFalseOneZeroWithTrailingBlanksIgnored() throws Exception {
        KeyFile file = parse("[general]\na=true\nb=1 \nc=false\t\nd=0\ne=TRUE\nf=\n");
        assertThat(file.bool("general", "a")).hasValue(true);
        assertThat(file.bool("general", "b")).hasValue(true);
        assertThat(file.bool("general", "c")).hasValue(false);
        assertThat(file.bool("general", "d")).hasValue(false);
        assertThatThrownBy(() -> file.bool("general", "e"))
                .hasMessage("Key file contains key “e” which has a value that cannot be interpreted.");
        assertThatThrownBy(() -> file.bool("general", "f")).isInstanceOf(KeyFileException.class);
    }

    @Test
    void crlfLineEndingsAndAMissingFinalNewlineAreFine() throws Exception {
        assertThat(parse("[general]\r\npath=y\r\n").string("general", "path")).hasValue("y");
        assertThat(parse("[general]\npath=p").string("general", "path")).hasValue("p");
    }

    @Test
    void localizedKeysAreSeparateKeys() throws Exception {
        KeyFile file = parse("[general]\npath[de]=x\npath=y\npath[de_DE@euro]=z\n");
        assertThat(file.string("general", "path")).hasValue("y");
    }

    @Test
    void malformedLinesRejectTheFileWithGlibTexts() {
        assertThatThrownBy(() -> parse("garbage\n"))
                .hasMessage("Key file contains line “garbage” which is not a key-value pair, group, or comment");
        assertThatThrownBy(() -> parse("[general\n"))
                .hasMessage("Key file contains line “[general” which is not a key-value pair, group, or comment");
        assertThatThrownBy(() -> parse("[general]x\n")).hasMessageContaining("“[general]x”");
        assertThatThrownBy(() -> parse("[general]\n=x\n")).hasMessageContaining("“=x”");
        assertThatThrownBy(() -> parse("method=x\n")).hasMessage("Key file does not start with a group");
        assertThatThrownBy(() -> parse("[]\n")).hasMessage("Invalid group name: ");
        assertThatThrownBy(() -> parse("[general]\nk[ey=1\n")).hasMessage("Invalid key name: k[ey");
        assertThatThrownBy(() -> parse("\uFEFF[general]\n")).hasMessageContaining("which is not a key-value pair");
    }

    @Test
    void lenientWhereGlibIsLenient() throws Exception {
        KeyFile file = parse("[gen eral]  \n[general]\n key=x\nke y=1\nkey =\n");
        assertThat(file.string("general", "key")).hasValue("");
        assertThat(file.string("general", "ke y")).hasValue("1");
    }

    @Test
    void verticalTabIsNotLeadingWhitespace() throws Exception {
        assertThat(parse("[general]\n\u000bpath=v\n").string("general", "path")).isEmpty();
    }

    @Test
    void invalidUtf8IsRejectedOnlyWhereItIsRead() throws Exception {
        byte[] data = "[general]\npath=\u00ff\n# \u00ff\n".getBytes(StandardCharsets.ISO_8859_1);
        KeyFile file = KeyFile.parse(data);
        assertThatThrownBy(() -> file.string("general", "path"))
                .hasMessage("Key file contains key “path” with value “\uFFFD” which is not UTF-8");
        assertThat(parse("[general]\npath=\u00e9\n").string("general", "path")).hasValue("é");
    }

    @Test
    void escapeWritesWhatGlibWrites() {
        // g_key_file_set_string, checked through qemu-ga -D on "path=\n x\t\sy\\\s"
        assertThat(KeyFile.escape("\n x\t y\\ ")).isEqualTo("\\n\\sx\t y\\\\ ");
        assertThat(KeyFile.escape("   x ")).isEqualTo("\\s\\s\\sx ");
        assertThat(KeyFile.escape("\tx\r")).isEqualTo("\\tx\\r");
        assertThat(KeyFile.escape("")).isEmpty();
    }

    @Test
    void escapedValuesReadBackUnchanged() throws Exception {
        String value = "  a\tb\\c\n d \r";
        assertThat(parse("[g]\nk=" + KeyFile.escape(value) + "\n").string("g", "k")).hasValue(value);
    }
}
