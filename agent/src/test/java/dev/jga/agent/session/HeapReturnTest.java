// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeapReturnTest {

    private final AtomicInteger collections = new AtomicInteger();
    private final HeapReturn heapReturn = new HeapReturn(collections::incrementAndGet);

    @Test
    void smallExchangesNeverCollect() {
        for (int i = 0; i < 1000; i++) {
            heapReturn.count(64 * 1024);
            heapReturn.count(64 * 1024);
            heapReturn.replied();
            heapReturn.collectIfDue();
        }
        assertThat(collections).hasValue(0);
    }

    @Test
    void aLargeRequestCollectsOnceAfterItsReply() {
        heapReturn.count(HeapReturn.LARGE_MESSAGE_BYTES - 100);
        assertThat(collections).hasValue(0);
        heapReturn.count(100);
        heapReturn.replied();
        assertThat(collections).as("not inside the reply path").hasValue(0);
        heapReturn.collectIfDue();
        heapReturn.replied();
        heapReturn.collectIfDue();
        assertThat(collections).hasValue(1);
    }

    @Test
    void requestAndReplyBytesCountTogether() {
        heapReturn.count(HeapReturn.LARGE_MESSAGE_BYTES / 2);
        heapReturn.count(HeapReturn.LARGE_MESSAGE_BYTES / 2);
        heapReturn.replied();
        heapReturn.collectIfDue();
        assertThat(collections).hasValue(1);
    }
}
