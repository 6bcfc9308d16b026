// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against the real qemu-ga (Debian's) in the guest: proves the tests test the original. */
class QemuGaOverVirtioSerialIT extends VirtioSerialContract {

    @RegisterExtension
    static final VmExtension VM = VmExtension.running(new GuestAgent.QemuGa());

    @Override
    VmExtension vm() {
        return VM;
    }

    @Override
    List<String> answersToResyncByte() {
        return List.of(STRAY_SENTINEL_ERROR);
    }
}
