// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.agent.memory.MemoryBudget;
import org.junit.jupiter.api.Test;

class CapturedOutputTest {

    @Test
    void keepsEverythingUpToTheCapAndIsNotTruncatedAtExactlyTheCap() {
        CapturedOutput output = new CapturedOutput(MemoryBudget.of(1L << 30, () -> {}));
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < CapturedOutput.MAX_OUTPUT / chunk.length; i++) {
            output.accept(chunk, 0, chunk.length);
        }
        assertThat(output.length()).isEqualTo(CapturedOutput.MAX_OUTPUT);
        assertThat(output.truncated()).isFalse();
        output.accept(chunk, 0, 1);
        assertThat(output.length()).isEqualTo(CapturedOutput.MAX_OUTPUT);
        assertThat(output.truncated()).isTrue();
    }

    @Test
    void aChunkCrossingTheCapKeepsItsHeadExactly() {
        CapturedOutput output = new CapturedOutput(MemoryBudget.of(1L << 30, () -> {}));
        byte[] big = new byte[CapturedOutput.MAX_OUTPUT - 3];
        output.accept(big, 0, big.length);
        output.accept(new byte[] {1, 2, 3, 4, 5}, 1, 4);
        byte[] kept = output.bytes();
        assertThat(kept).hasSize(CapturedOutput.MAX_OUTPUT);
        assertThat(kept[kept.length - 3]).isEqualTo((byte) 2);
        assertThat(kept[kept.length - 1]).isEqualTo((byte) 4);
        assertThat(output.truncated()).isTrue();
    }

    @Test
    void aQuietStreamHoldsNoBuffer() {
        CapturedOutput output = new CapturedOutput(MemoryBudget.of(1L << 30, () -> {}));
        output.end();
        assertThat(output.bytes()).isEmpty();
        assertThat(output.ended()).isTrue();
    }

    @Test
    void bytesComeBackInOrderAcrossBlocksWhateverTheChunking() {
        byte[] data = new byte[3 * CapturedOutput.BLOCK + 12_345];
        new java.util.Random(3).nextBytes(data);
        for (int chunk : new int[] {1000, 4096, 65_536, CapturedOutput.BLOCK + 7, data.length}) {
            CapturedOutput output = new CapturedOutput(MemoryBudget.of(1L << 30, () -> {}));
            for (int at = 0; at < data.length; at += chunk) {
                output.accept(data, at, Math.min(chunk, data.length - at));
            }
            assertThat(output.length()).isEqualTo(data.length);
            assertThat(output.bytes()).as("chunks of %d", chunk).isEqualTo(data);
        }
    }

    @Test
    void bufferGrowsWithTheDataNotToTheCap() {
        CapturedOutput output = new CapturedOutput(MemoryBudget.of(1L << 30, () -> {}));
        output.accept(new byte[10], 0, 10);
        output.accept(new byte[5000], 0, 5000);
        assertThat(output.bytes()).hasSize(5010);
    }

    @Test
    void whenTheBudgetIsExhaustedTheRestIsDroppedAndTheStreamSaysItIsTruncated() {
        MemoryBudget budget = MemoryBudget.of(3L * CapturedOutput.BLOCK, () -> {});
        CapturedOutput output = new CapturedOutput(budget);
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 80; i++) { // 5 MiB into a 3 MiB budget
            output.accept(chunk, 0, chunk.length);
        }
        assertThat(output.truncated()).isTrue();
        assertThat(output.length()).isLessThanOrEqualTo(3 * CapturedOutput.BLOCK);
        assertThat(budget.used()).isLessThanOrEqualTo(3L * CapturedOutput.BLOCK);
        output.release();
        assertThat(budget.used()).isZero();
    }
}
