// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void parsesEveryWrittenForm() {
        assertThat(Target.parse("unix:/run/vm.qga")).isEqualTo(new Target.Unix(Path.of("/run/vm.qga")));
        assertThat(Target.parse("/run/vm.qga")).isEqualTo(new Target.Unix(Path.of("/run/vm.qga")));
        assertThat(Target.parse("tcp:localhost:4444")).isEqualTo(new Target.Tcp("localhost", 4444));
        assertThat(Target.parse("libvirt:vm1")).isEqualTo(new Target.Libvirt("vm1", Optional.empty()));
        assertThat(Target.parse("libvirt:vm1@qemu:///system"))
                .isEqualTo(new Target.Libvirt("vm1", Optional.of("qemu:///system")));
    }

    @Test
    void rejectsVsockAndNonsenseWithTheAcceptedForms() {
        assertThatThrownBy(() -> Target.parse("vsock:3:1234")).hasMessageContaining("unix:/path/to/socket")
                .hasMessageContaining("vsock is not supported");
        assertThatThrownBy(() -> Target.parse("tcp:host")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Target.parse("unix:")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheDefaultFromJgaTarget() {
        assertThat(Target.fromEnvironment(Map.of("JGA_TARGET", "libvirt:vm2")))
                .contains(new Target.Libvirt("vm2", Optional.empty()));
        assertThat(Target.fromEnvironment(Map.of())).isEmpty();
    }
}
