// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.OpenDescriptorsAccess;
import dev.jga.platform.linux.nativeapi.LinuxConstants;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * vsock-listen on this host. Creating, binding and listening work wherever the kernel has
 * AF_VSOCK; accepting a client needs a vsock transport to connect through (a VM, or the
 * vsock_loopback module), which build hosts usually lack, so client sessions are not exercised here.
 */
class VsockListenTest {

    /** An arbitrary port, unlikely to be taken on a build host. */
    private static final String ANY_CID_PORT = "4294967295:47011";

    private static SocketListenTransport listenOrSkip(String path) throws IOException {
        try {
            return SocketListenTransport.vsock(path);
        } catch (SystemError e) {
            // Where the family is missing, the text must say so, as qemu's does.
            assertThat(e.errno()).isEqualTo(LinuxConstants.EAFNOSUPPORT);
            assertThat(e.getMessage()).startsWith("Failed to create socket: Address family not supported by protocol");
            Assumptions.abort("this kernel has no AF_VSOCK: " + e.getMessage());
            throw e;
        }
    }

    @Test
    void listensOnAnyCidAndOffersConcurrentSessions() throws IOException {
        try (SocketListenTransport transport = listenOrSkip(ANY_CID_PORT)) {
            assertThat(transport.concurrent()).isTrue();
            assertThat(transport.describe()).isEqualTo("vsock-listen:" + ANY_CID_PORT);
        }
    }

    @Test
    void aTakenPortFailsWithQemusBindText() throws IOException {
        try (SocketListenTransport first = listenOrSkip(ANY_CID_PORT)) {
            long before = OpenDescriptorsAccess.count();
            assertThatThrownBy(() -> SocketListenTransport.vsock(ANY_CID_PORT))
                    .isInstanceOf(SystemError.class)
                    .hasMessageStartingWith("Failed to bind socket: Address already in use");
            assertThat(OpenDescriptorsAccess.count()).as("descriptors open now, against before (other threads may close theirs meanwhile)").isLessThanOrEqualTo(before); // the failed socket was closed
        }
    }

    @Test
    void closingWakesAThreadWaitingInAccept() throws Exception {
        SocketListenTransport transport = listenOrSkip(ANY_CID_PORT);
        CompletableFuture<Void> accept = CompletableFuture.runAsync(() -> {
            try {
                transport.accept().close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, Fds.OWN_THREAD);
        Thread.sleep(200);
        assertThat(accept).isNotDone();
        transport.close();
        await().atMost(Duration.ofSeconds(5)).until(accept::isDone);
        assertThat(accept).isCompletedExceptionally();
    }

    @Test
    void malformedPathsFailBeforeAnySocketIsMade() {
        long before = OpenDescriptorsAccess.count();
        assertThatThrownBy(() -> SocketListenTransport.vsock("3"))
                .isInstanceOf(IOException.class).hasMessage("error parsing address '3'");
        assertThat(OpenDescriptorsAccess.count()).as("descriptors open now, against before (other threads may close theirs meanwhile)").isLessThanOrEqualTo(before);
    }
}
