// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CommandReferenceTest {

    private static final Path GOLDEN = Path.of("..", "docs", "commands.md");

    @Test
    void committedReferenceMatchesTheSchema() throws IOException {
        String rendered = CommandReference.render(Catalog.schema());
        if (Boolean.getBoolean("jga.updateGolden")) {
            Files.writeString(GOLDEN, rendered, StandardCharsets.UTF_8);
        }
        assertThat(GOLDEN).as("docs/commands.md is stale: run mvn -pl protocol test -Djga.updateGolden=true")
                .exists();
        assertThat(Files.readString(GOLDEN, StandardCharsets.UTF_8)).isEqualTo(rendered);
    }

    @Test
    void everyCommandNamesItsArgumentsInWireForm() {
        String rendered = CommandReference.render(Catalog.schema());
        assertThat(rendered).contains("| [`guest-file-write`](#guest-file-write) | 0.15.0 | handle: int, buf-b64: str, *count: int | `GuestFileWrite` |");
        assertThat(rendered).contains("### GuestFileWhence\n\nAlternate, one of: `int`, `QgaSeek`");
    }
}
