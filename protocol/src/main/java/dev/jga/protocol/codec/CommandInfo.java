// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import dev.jga.protocol.schema.Command;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the schema says about one command: its record and {@code @Qapi}. The members and
 * the result type are read from the record when asked for, not when the catalog is built: only
 * the documentation and the client need them, and reading every command's generic signatures
 * and member annotations cost the agent's start several milliseconds (docs/performance.md).
 */
public record CommandInfo(
        Class<? extends Command<?>> type,
        String name,
        String since,
        String doc,
        boolean successResponse,
        boolean delimitedReply) {

    /**
     * The record's components in declaration order, which is the order qemu's visitor checks
     * them in (and so decides which error the host sees first).
     */
    public List<Member> arguments() {
        return Arrays.stream(type.getRecordComponents()).map(Member::of).toList();
    }

    /** The {@code R} of {@code Command<R>}. */
    public Type resultType() {
        for (Type implemented : type.getGenericInterfaces()) {
            if (implemented instanceof ParameterizedType p
                    && p.getRawType() instanceof Class<?> raw
                    && Command.class.isAssignableFrom(raw)) {
                return p.getActualTypeArguments()[0];
            }
        }
        throw new IllegalStateException(type + " does not name its result type");
    }
}
