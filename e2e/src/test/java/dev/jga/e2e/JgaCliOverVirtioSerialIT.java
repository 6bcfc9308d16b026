// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import org.junit.jupiter.api.extension.RegisterExtension;

/** bin/jga against jga in the guest: exec streams through the founding design's pipe handles. */
class JgaCliOverVirtioSerialIT extends CliContract {

    @RegisterExtension
    static final VmExtension VM = VmExtension.running(GuestAgent.Jga.onDefaultVirtioSerialPort());

    @Override
    VmExtension vm() {
        return VM;
    }
}
