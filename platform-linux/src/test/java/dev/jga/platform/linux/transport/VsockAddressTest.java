// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** vsock-listen paths, with the texts of qemu's vsock_parse and vsock_parse_vaddr_to_sockaddr. */
class VsockAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "3:1234|3|1234",
        "4294967295:4294967295|4294967295|4294967295",
        "0:0|0|0",
        "' 3:+7'|3|7",
    })
    void parsesUnsignedDecimalCidAndPort(String path, String cid, String port) throws IOException {
        VsockAddress address = VsockAddress.parse(path);
        assertThat(Integer.toUnsignedString(address.cid())).isEqualTo(cid);
        assertThat(Integer.toUnsignedString(address.port())).isEqualTo(port);
        assertThat(address.toString()).isEqualTo(cid + ":" + port);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1234|error parsing address '1234'",
        ":1234|error parsing address ':1234'",
        "3:|error parsing address '3:'",
        "3:,1|error parsing address '3:,1'",
        "123456789012345678901234567890123:1|error parsing address '123456789012345678901234567890123:1'",
        "3:1,x|trailing characters in address '3:1,x'",
        "3:123456789012345678901234567890123|trailing characters in address '3:123456789012345678901234567890123'",
        "-1:1234|Failed to parse cid '-1'",
        "x:1234|Failed to parse cid 'x'",
        "4294967296:1|Failed to parse cid '4294967296'",
        "3:1:2|Failed to parse port '1:2'",
        "3:0x10|Failed to parse port '0x10'",
        "3:4294967296|Failed to parse port '4294967296'",
    })
    void rejectsWhatQemuRejectsWithItsText(String path, String message) {
        assertThatThrownBy(() -> VsockAddress.parse(path)).isInstanceOf(IOException.class).hasMessage(message);
    }
}
