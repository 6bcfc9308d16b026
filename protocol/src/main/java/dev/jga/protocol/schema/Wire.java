// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The wire name of a record component when it is not the component's name in kebab-case:
 * {@code supported_commands} (a QAPI naming exception) or the founding design's {@code handle_stdout}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Wire {
    String value();
}
