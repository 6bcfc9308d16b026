// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.protocol.json.JsonParser;
import dev.jga.protocol.wire.QgaError;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordDecoderTest {

    /** A struct shaped like guest-set-vcpus' GuestLogicalProcessor, for paths and booleans. */
    record Processor(long logicalId, boolean online, Optional<Boolean> canOffline) {}

    record Vcpus(List<Processor> vcpus) {}

    @ParameterizedTest(name = "{0} is not a boolean")
    @ValueSource(strings = {"1", "0", "\"true\"", "null", "\"false\""})
    void booleansAreOnlyTrueAndFalse(String value) {
        assertThatThrownBy(() -> RecordDecoder.value(boolean.class, JsonParser.parse(value), "crypted"))
                .isInstanceOf(QgaError.class)
                .hasMessage("Invalid parameter type for 'crypted', expected: boolean");
    }

    @Test
    void nestedMembersAreNamedWithIndexAndDots() {
        assertThatThrownBy(() -> RecordDecoder.value(Vcpus.class,
                JsonParser.parse("{\"vcpus\": [{\"logical-id\": 0, \"online\": true}, {\"logical-id\": 1}]}"), ""))
                .hasMessage("Parameter 'vcpus[1].online' is missing");
        assertThatThrownBy(() -> RecordDecoder.value(Vcpus.class,
                JsonParser.parse("{\"vcpus\": [{\"logical-id\": 0, \"online\": true, \"bogus\": 1}]}"), ""))
                .hasMessage("Parameter 'vcpus[0].bogus' is unexpected");
    }

    @Test
    void aWellFormedStructDecodesWithItsOptionalMembers() {
        Object decoded = RecordDecoder.value(Vcpus.class,
                JsonParser.parse("{\"vcpus\": [{\"logical-id\": 3, \"online\": false, \"can-offline\": true}]}"), "");
        assertThat(decoded).isEqualTo(new Vcpus(List.of(new Processor(3, false, Optional.of(true)))));
    }
}
