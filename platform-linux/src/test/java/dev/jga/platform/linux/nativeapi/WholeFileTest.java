// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.agent.platform.SystemError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small kernel files read whole, and the errno of one that cannot be read. */
class WholeFileTest {

    @TempDir
    Path dir;

    @Test
    void aFileLongerThanTheFirstBufferIsReadWholeUpToTheLimit() throws IOException {
        byte[] data = new byte[70_000];
        new Random(7).nextBytes(data);
        Path file = Files.write(dir.resolve("data"), data);

        assertThat(WholeFile.read(file.toString(), 1 << 20)).isEqualTo(data);
        assertThat(WholeFile.read(file.toString(), 5000)).isEqualTo(Arrays.copyOf(data, 5000));
    }

    @Test
    void anEmptyFileIsNoBytes() throws IOException {
        Path file = Files.write(dir.resolve("empty"), new byte[0]);

        assertThat(WholeFile.read(file.toString(), 4096)).isEmpty();
    }

    @Test
    void aMissingFileThrowsItsErrnoOrIsNullWhenOnlyPresentOnesAreWanted() {
        String missing = dir.resolve("missing").toString();

        assertThatThrownBy(() -> WholeFile.read(missing, 4096)).isInstanceOfSatisfying(SystemError.class, e -> {
            assertThat(e.errno()).isEqualTo(2);
            assertThat(e.strerror()).isEqualTo("No such file or directory");
        });
        assertThat(WholeFile.readIfPresent(missing, 4096)).isNull();
    }

    @Test
    void aDirectoryOpensButCannotBeRead() {
        assertThatThrownBy(() -> WholeFile.read(dir.toString(), 4096))
                .isInstanceOfSatisfying(SystemError.class, e -> assertThat(e.errno()).isEqualTo(21));
    }
}
