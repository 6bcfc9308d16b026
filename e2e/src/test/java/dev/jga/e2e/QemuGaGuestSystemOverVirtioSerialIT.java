// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The commands that change the guest, against Debian 12's qemu-ga 7.2 in the guest: proves the tests test the original. */
class QemuGaGuestSystemOverVirtioSerialIT extends GuestSystemContract {

    @RegisterExtension
    static final VmExtension VM = VmExtension.running(new GuestAgent.QemuGa(List.of("-F" + HOOK)), SETUP);

    @Override
    VmExtension vm() {
        return VM;
    }

    /** qemu-ga 7.2's reason (qga/main.c ga_disable_non_whitelisted); 9.1+ says "the command is not allowed". */
    @Override
    String frozenRefusalReason() {
        return "the agent is in frozen state";
    }
}
