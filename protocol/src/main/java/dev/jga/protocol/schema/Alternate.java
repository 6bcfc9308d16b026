// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a sealed interface as a QAPI alternate: one member that takes one of several JSON types,
 * each permitted record holding the value of one type in its single component (qemu picks the
 * branch by the JSON type, then validates it). The name appears in type errors:
 * "Invalid parameter type for 'whence', expected: GuestFileWhence".
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Alternate {
    String value();
}
