// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@code long} component that is a QAPI {@code uint64}: on the wire it is unsigned (the bits of
 * -1 read as 18446744073709551615), and as an argument it takes what qemu's input visitor takes
 * (qapi/qobject-input-visitor.c qobject_input_type_uint64: any int64, negative ones wrapped "for
 * backward compatibility", or a uint64; anything else "Parameter '%s' expects uint64").
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Unsigned {}
