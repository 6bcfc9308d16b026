// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.agent.command.core.CoreHandlers;
import dev.jga.agent.log.Log;
import dev.jga.protocol.json.JsonParser;
import dev.jga.protocol.json.JsonWriter;
import dev.jga.protocol.schema.FileCommand.FileSeek;
import dev.jga.protocol.schema.FileCommand.GuestFileSeek;
import dev.jga.protocol.wire.Reply;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    private static Dispatcher dispatcher(CommandPolicy policy) {
        Registry registry = new Registry();
        new CoreHandlers(() -> "10.1.0", policy).bind(registry);
        registry.bind(FileSeek.class, seek -> new GuestFileSeek(seek.offset(), false));
        return new Dispatcher(registry, policy, Log.silent());
    }

    private static String answer(String request) {
        return answer(CommandPolicy.allowAll(), request);
    }

    private static String answer(CommandPolicy policy, String request) {
        Reply reply = dispatcher(policy).dispatch(JsonParser.parse(request));
        return reply.toJson().map(JsonWriter::toString).orElse("");
    }

    @Test
    void successEchoesTheIdAfterTheReturnValue() {
        assertThat(answer("{\"execute\": \"guest-ping\", \"id\": {\"x\": [1, 2]}}"))
                .isEqualTo("{\"return\": {}, \"id\": {\"x\": [1, 2]}}");
    }

    @Test
    void nonObjectInputIsRejectedWithoutAnId() {
        assertThat(answer("[{\"execute\": \"guest-ping\", \"id\": 1}]"))
                .isEqualTo("{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input must be a JSON object\"}}");
    }

    @Test
    void execOobIsAnUnexpectedMemberNotAnUnknownCommand() {
        assertThat(answer("{\"exec-oob\": \"guest-ping\", \"id\": 3}")).isEqualTo(
                "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input member 'exec-oob' is unexpected\"}, \"id\": 3}");
    }

    @Test
    void unknownCommandIsCommandNotFoundEvenWhenEmpty() {
        assertThat(answer("{\"execute\": \"\"}")).isEqualTo(
                "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command  has not been found\"}}");
    }

    @Test
    void disabledCommandIsReportedBeforeItsArguments() {
        CommandPolicy blocked = new CommandPolicy(Optional.empty(), Set.of("guest-sync"), () -> false);
        assertThat(answer(blocked, "{\"execute\": \"guest-sync\", \"arguments\": {\"bogus\": 1}}")).isEqualTo(
                "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
                        + "\"Command guest-sync has been disabled: the command is not allowed\"}}");
    }

    @Test
    void declaredMembersAreCheckedBeforeUnexpectedOnes() {
        assertThat(answer("{\"execute\": \"guest-file-seek\", \"arguments\": {\"zzz\": 1, \"handle\": 1, \"offset\": 1.0}}"))
                .contains("Invalid parameter type for 'offset', expected: integer");
        assertThat(answer("{\"execute\": \"guest-file-seek\", \"arguments\": {\"zzz\": 1, \"handle\": 1, \"offset\": 1}}"))
                .contains("Parameter 'whence' is missing");
        assertThat(answer("{\"execute\": \"guest-file-seek\", \"arguments\": {\"zzz\": 1, \"handle\": 1, \"offset\": 1, \"whence\": 0}}"))
                .contains("Parameter 'zzz' is unexpected");
    }

    @Test
    void alternatesNameTheirTypeAndEnumsTheirBadValue() {
        assertThat(answer("{\"execute\": \"guest-file-seek\", \"arguments\": {\"handle\": 1, \"offset\": 1, \"whence\": true}}"))
                .contains("Invalid parameter type for 'whence', expected: GuestFileWhence");
        assertThat(answer("{\"execute\": \"guest-file-seek\", \"arguments\": {\"handle\": 1, \"offset\": 1, \"whence\": \"foo\"}}"))
                .contains("Parameter 'whence' does not accept value 'foo'");
        assertThat(answer("{\"execute\": \"guest-file-seek\", \"arguments\": {\"handle\": 1, \"offset\": 6, \"whence\": \"set\"}}"))
                .isEqualTo("{\"return\": {\"position\": 6, \"eof\": false}}");
    }

    @Test
    void integersMustBeIntegersThatFitInt64AndNullIsNeverAValue() {
        assertThat(answer("{\"execute\": \"guest-sync\", \"arguments\": {\"id\": 9223372036854775808}}"))
                .contains("Invalid parameter type for 'id', expected: integer");
        assertThat(answer("{\"execute\": \"guest-sync\", \"arguments\": {\"id\": null}}"))
                .contains("Invalid parameter type for 'id', expected: integer");
        assertThat(answer("{\"execute\": \"guest-sync\", \"arguments\": {\"id\": 9223372036854775807}}"))
                .isEqualTo("{\"return\": 9223372036854775807}");
    }

    @Test
    void syncDelimitedMarksOnlyItsSuccessfulReply() {
        Reply ok = dispatcher(CommandPolicy.allowAll()).dispatch(
                JsonParser.parse("{\"execute\": \"guest-sync-delimited\", \"arguments\": {\"id\": 7}}"));
        Reply bad = dispatcher(CommandPolicy.allowAll()).dispatch(
                JsonParser.parse("{\"execute\": \"guest-sync-delimited\", \"arguments\": {\"id\": \"7\"}}"));
        assertThat(ok).isEqualTo(new Reply.Return(new dev.jga.protocol.json.JsonInteger(7), Optional.empty(), true));
        assertThat(bad).isInstanceOf(Reply.Failure.class);
    }

    @Test
    void guestInfoListsDisabledCommandsAsDisabledAndTheyAreRefused() {
        CommandPolicy allowPing = new CommandPolicy(Optional.of(Set.of("guest-ping", "guest-info")), Set.of(), () -> false);
        String info = answer(allowPing, "{\"execute\": \"guest-info\"}");
        assertThat(info).contains("{\"name\": \"guest-ping\", \"enabled\": true, \"success-response\": true}");
        assertThat(info).contains("{\"name\": \"guest-sync\", \"enabled\": false, \"success-response\": true}");
        assertThat(answer(allowPing, "{\"execute\": \"guest-ping\"}")).isEqualTo("{\"return\": {}}");
        assertThat(answer(allowPing, "{\"execute\": \"guest-sync\", \"arguments\": {\"id\": 1}}")).isEqualTo(
                "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
                        + "\"Command guest-sync has been disabled: the command is not allowed\"}}");
    }
}
