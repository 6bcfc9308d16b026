// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.info;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.agent.platform.SystemError;
import dev.jga.protocol.schema.InfoCommand.GuestHostName;
import dev.jga.protocol.wire.ErrorClass;
import dev.jga.protocol.wire.QgaError;
import org.junit.jupiter.api.Test;

class HostNameHandlerTest {

    @Test
    void hostNameIsWhatThePlatformReadsNow() {
        assertThat(HostNameHandler.hostName(() -> "guest-7")).isEqualTo(new GuestHostName("guest-7"));
    }

    @Test
    void aFailedReadIsQemusCannotGetHostnameWithTheErrnoText() {
        assertThatThrownBy(() -> HostNameHandler.hostName(() -> {
            throw new SystemError(2, "No such file or directory", "open");
        })).isInstanceOfSatisfying(QgaError.class, e -> {
            assertThat(e.errorClass()).isEqualTo(ErrorClass.GenericError);
            assertThat(e.desc()).isEqualTo("cannot get hostname: No such file or directory");
        });
    }
}
