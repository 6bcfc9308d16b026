// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.schema.Command;
import dev.jga.protocol.schema.CoreCommand;
import dev.jga.protocol.schema.ExecCommand;
import dev.jga.protocol.schema.Qapi;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The generated {@code CommandIndex} says what the {@code @Qapi} records say, read here by
 * reflection (which the agent avoids at start): the processor that writes it is checked against
 * the records it was run over.
 */
class CommandIndexTest {

    @Test
    void catalogDescribesEveryRecordAsItsAnnotationDoes() {
        List<Class<?>> records = records();
        assertThat(Catalog.schema().commands()).hasSize(records.size());
        for (Class<?> record : records) {
            Qapi qapi = record.getAnnotation(Qapi.class);
            assertThat(Catalog.schema().of(record)).isEqualTo(new CommandInfo(cast(record), qapi.name(), qapi.since(), qapi.doc(),
                    qapi.successResponse(), qapi.delimitedReply()));
        }
    }

    @Test
    void everyCommandRecordIsBuiltWithoutReflection() {
        assertThat(CommandIndex.constructors().keySet()).containsExactlyInAnyOrderElementsOf(records());
        Object sync = CommandIndex.constructors().get(CoreCommand.Sync.class).apply(new Object[] {42L});
        assertThat(sync).isEqualTo(new CoreCommand.Sync(42));
    }

    @Test
    void everyReplyRecordIsReadWithoutReflectionInDeclarationOrder() throws ReflectiveOperationException {
        assertThat(CommandIndex.readers()).containsKeys(ExecCommand.GuestExecStatus.class, ExecCommand.GuestExec.class,
                CoreCommand.Sync.class);
        var status = new ExecCommand.GuestExecStatus(true, Optional.of(3L), Optional.empty(), Optional.of(new byte[] {1}),
                Optional.empty(), Optional.of(false), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(1L), Optional.empty(), Optional.of(true));
        Object[] generated = CommandIndex.components(CommandIndex.readers().get(ExecCommand.GuestExecStatus.class), status);
        RecordComponent[] components = ExecCommand.GuestExecStatus.class.getRecordComponents();
        assertThat(generated).hasSameSizeAs(components);
        for (int i = 0; i < components.length; i++) {
            assertThat(generated[i]).as(components[i].getName()).isSameAs(components[i].getAccessor().invoke(status));
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Command<?>> cast(Class<?> record) {
        return (Class<? extends Command<?>>) record;
    }

    /** Every command record reachable from the sealed root, in schema-file order. */
    private static List<Class<?>> records() {
        List<Class<?>> found = new ArrayList<>();
        collect(Command.class, found);
        return found;
    }

    private static void collect(Class<?> type, List<Class<?>> found) {
        if (type.isRecord()) {
            assertThat(type.getAnnotation(Qapi.class)).as(type + " implements Command but has no @Qapi").isNotNull();
            found.add(type);
            return;
        }
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted != null) {
            for (Class<?> sub : permitted) {
                collect(sub, found);
            }
        }
    }
}
