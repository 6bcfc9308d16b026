// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract against jga-agent in the guest, as bin/jga-agent runs it, with
 * {@code -m virtio-serial} on the default port path /dev/virtio-ports/org.qemu.guest_agent.0.
 */
class JgaOverVirtioSerialIT extends VirtioSerialContract {

    @RegisterExtension
    static final VmExtension VM = VmExtension.running(GuestAgent.Jga.onDefaultVirtioSerialPort());

    @Override
    VmExtension vm() {
        return VM;
    }

    @Override
    List<String> answersToResyncByte() {
        return List.of();
    }
}
