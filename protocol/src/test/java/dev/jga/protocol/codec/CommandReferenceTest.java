// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/commands.md is written by the protocol module's build; these tests only read it. */
class CommandReferenceTest {

    private static final Path COMMITTED = Path.of("..", "docs", "commands.md");

    @Test
    void committedReferenceIsWhatTheSchemaRendersTo() throws IOException {
        assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
                .as("docs/commands.md is stale: mvn -pl protocol -am process-classes rewrites it")
                .isEqualTo(CommandReference.render(Catalog.schema()));
    }

    @Test
    void everyCommandNamesItsArgumentsInWireForm() {
        String rendered = CommandReference.render(Catalog.schema());
        assertThat(rendered).contains("| [`guest-file-write`](#guest-file-write) | 0.15.0 | handle: int, buf-b64: str, *count: int | `GuestFileWrite` |");
        assertThat(rendered).contains("### GuestFileWhence\n\nAlternate, one of: `int`, `QgaSeek`");
    }

    @Test
    void extensionLinksPointAtTheAnchorGitHubMakesOfTheirHeading() {
        String rendered = CommandReference.render(Catalog.schema());
        assertThat(rendered).contains("| [`__dev.jga_guest-exec-kill`](#__devjga_guest-exec-kill) |");
        assertThat(rendered).contains("\n## __dev.jga_guest-exec-kill\n");
    }
}
