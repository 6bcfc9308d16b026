// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import dev.jga.protocol.wire.Messages;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The commands that change the guest, against jga in the guest. */
class JgaGuestSystemOverVirtioSerialIT extends GuestSystemContract {

    @RegisterExtension
    static final VmExtension VM = VmExtension.running(
            new GuestAgent.Jga(List.of("-m", "virtio-serial", "-t", "/tmp", "-v", "-F" + HOOK)), SETUP);

    @Override
    VmExtension vm() {
        return VM;
    }

    /** jga follows qemu 9.1+ (qga/main.c ga_apply_command_filters). */
    @Override
    String frozenRefusalReason() {
        return Messages.DISABLED_NOT_ALLOWED;
    }
}
