// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as a command of the protocol, like a {@code { 'command': … }} entry in qemu's
 * qga/qapi-schema.json. Validation, guest-info, the client's typed calls and docs/commands.md are
 * all derived from the record and this annotation.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Qapi {

    /** The wire name, e.g. {@code "guest-file-read"}. */
    String name();

    /** The qemu version that introduced the command, or "jga" for jga's own. */
    String since();

    /** One sentence for docs/commands.md and {@code jga call --help}. */
    String doc();

    /** False for commands that answer nothing on success (guest-shutdown, guest-suspend-*). */
    boolean successResponse() default true;

    /** True when a successful reply is preceded by the 0xFF byte (guest-sync-delimited). */
    boolean delimitedReply() default false;
}
