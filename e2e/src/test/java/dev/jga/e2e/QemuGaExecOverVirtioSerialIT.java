// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import org.junit.jupiter.api.extension.RegisterExtension;

/** guest-exec against the real qemu-ga in the guest: proves the exec tests test the original. */
class QemuGaExecOverVirtioSerialIT extends ExecContract {

    @RegisterExtension
    static final VmExtension VM = VmExtension.running(new GuestAgent.QemuGa());

    @Override
    VmExtension vm() {
        return VM;
    }
}
