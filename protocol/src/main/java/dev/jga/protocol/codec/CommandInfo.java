// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import dev.jga.protocol.schema.Command;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Everything the schema says about one command, read once from its record and {@code @Qapi}.
 *
 * @param arguments the record's components in declaration order, which is the order qemu's
 *     visitor checks them in (and so decides which error the host sees first)
 * @param resultType the {@code R} of {@code Command<R>}
 */
public record CommandInfo(
        Class<? extends Command<?>> type,
        String name,
        String since,
        String doc,
        boolean successResponse,
        boolean delimitedReply,
        List<Member> arguments,
        Type resultType) {}
