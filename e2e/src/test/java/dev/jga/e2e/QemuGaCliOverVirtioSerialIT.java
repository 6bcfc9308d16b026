// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import org.junit.jupiter.api.extension.RegisterExtension;

/** bin/jga against the real qemu-ga in the guest: the CLI works with the original too (exec through capture-output). */
class QemuGaCliOverVirtioSerialIT extends CliContract {

    @RegisterExtension
    static final VmExtension VM = VmExtension.running(new GuestAgent.QemuGa());

    @Override
    VmExtension vm() {
        return VM;
    }
}
