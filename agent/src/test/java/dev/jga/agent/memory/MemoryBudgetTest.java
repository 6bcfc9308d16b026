// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.protocol.wire.Messages;
import dev.jga.protocol.wire.QgaError;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    private final AtomicInteger collections = new AtomicInteger();
    private final MemoryBudget budget = MemoryBudget.of(100L << 20, collections::incrementAndGet);

    @Test
    void aReservationBeyondWhatIsLeftIsRefusedAndTakesNothing() {
        assertThat(budget.reserve(60L << 20)).isTrue();
        assertThat(budget.reserve(50L << 20)).isFalse();
        assertThat(budget.used()).isEqualTo(60L << 20);
        budget.release(60L << 20);
        assertThat(budget.reserve(100L << 20)).isTrue();
    }

    @Test
    void aRequestThatCannotTakeItsMemoryGetsQemuGasOutOfMemoryText() {
        budget.take(90L << 20);
        assertThatThrownBy(() -> budget.take(20L << 20)).isInstanceOfSatisfying(QgaError.class,
                error -> assertThat(error.desc()).isEqualTo(Messages.MEMORY_EXHAUSTED));
    }

    @Test
    void whatIsHeldForAReplyIsGivenBackWhenTheReplyIsWritten() {
        budget.holdUntilReplied(10L << 20);
        budget.holdUntilReplied(5L << 20);
        assertThat(budget.used()).isEqualTo(15L << 20);
        budget.replied();
        assertThat(budget.used()).isZero();
        budget.replied();
        assertThat(budget.used()).isZero();
    }

    @Test
    void aLargeReleaseIsFollowedByOneCollectionSoonAfter() throws InterruptedException {
        CountDownLatch collected = new CountDownLatch(1);
        MemoryBudget watched = MemoryBudget.of(100L << 20, collected::countDown);
        watched.reserve(MemoryBudget.RETURN_AFTER_BYTES);
        watched.release(MemoryBudget.RETURN_AFTER_BYTES);
        assertThat(collected.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void smallReleasesAfterTheHeapGrewAreFollowedByACollection() throws InterruptedException {
        AtomicLong committed = new AtomicLong(4L << 20);
        CountDownLatch collected = new CountDownLatch(1);
        MemoryBudget watched = MemoryBudget.of(100L << 20, collected::countDown, () -> {}, committed::get,
                HeapReturn.QUIET);
        watched.reserve(1L << 20);
        committed.addAndGet(HeapReturn.GROWTH);
        watched.release(1L << 20);
        assertThat(collected.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theEndOfASessionAfterTheHeapGrewIsFollowedByACollectionAndAnUnmapping() throws InterruptedException {
        endASessionAfterTheHeapGrewBy(HeapReturn.LEFT_GROWTH);
        assertThat(collections).hasValue(1);
    }

    @Test
    void theEndOfASessionThatLeftTheHeapAlmostAsItWasUnmapsWithoutACollection() throws InterruptedException {
        endASessionAfterTheHeapGrewBy(HeapReturn.LEFT_GROWTH - 4096);
        assertThat(collections).hasValue(0);
    }

    /** Ends a session once the committed heap has grown by {@code growth}, and waits for the unmapping that follows. */
    private void endASessionAfterTheHeapGrewBy(long growth) throws InterruptedException {
        AtomicLong committed = new AtomicLong(4L << 20);
        CountDownLatch unmapped = new CountDownLatch(1);
        MemoryBudget watched = MemoryBudget.of(100L << 20, collections::incrementAndGet, unmapped::countDown,
                committed::get, HeapReturn.QUIET);
        committed.addAndGet(growth);
        watched.sessionEnded();
        assertThat(unmapped.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void afterABurstTheFilePagesAreUnmappedOnlyOnceNoReplyHasBeenWrittenForAQuietTime() throws InterruptedException {
        Duration quiet = Duration.ofMillis(700);
        CountDownLatch collected = new CountDownLatch(1);
        AtomicLong unmappedAt = new AtomicLong();
        MemoryBudget watched = MemoryBudget.of(100L << 20, collected::countDown,
                () -> unmappedAt.set(System.nanoTime()), () -> 0, quiet);
        watched.reserve(MemoryBudget.RETURN_AFTER_BYTES);
        watched.release(MemoryBudget.RETURN_AFTER_BYTES);
        assertThat(collected.await(10, TimeUnit.SECONDS)).isTrue();
        long lastReply = 0;
        for (int i = 0; i < 10; i++) { // a host still talking: a reply every 200 ms for 2 s
            watched.replied();
            lastReply = System.nanoTime();
            assertThat(unmappedAt).hasValue(0);
            Thread.sleep(200);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (unmappedAt.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(unmappedAt.get() - lastReply).isGreaterThanOrEqualTo(quiet.toNanos());
    }

    @Test
    void theCollectionWaitsWhileABurstStillHoldsMemoryAndFollowsItsRelease() throws InterruptedException {
        CountDownLatch collected = new CountDownLatch(1);
        MemoryBudget watched = MemoryBudget.of(100L << 20, collected::countDown);
        watched.reserve(MemoryBudget.RETURN_AFTER_BYTES);
        watched.reserve(HeapReturn.BUSY_BYTES + 1); // a capture still filling up
        watched.release(MemoryBudget.RETURN_AFTER_BYTES);
        assertThat(collected.await(HeapReturn.SETTLE.toMillis() * 2, TimeUnit.MILLISECONDS)).isFalse();
        watched.release(HeapReturn.BUSY_BYTES + 1);
        assertThat(collected.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void smallReleasesCauseNoCollection() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            budget.reserve(64 * 1024);
            budget.release(64 * 1024);
        }
        Thread.sleep(HeapReturn.SETTLE.toMillis() * 2);
        assertThat(collections).hasValue(0);
    }

    @Test
    void theReserveLeavesTheYoungGenerationAndAFloorOutOfTheBudget() {
        assertThat(MemoryBudget.reserveFor(512L << 20)).isEqualTo((512L << 20) / 3 + MemoryBudget.RESERVE_FLOOR);
    }
}
