// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A QAPI {@code uint64} member held in a Java {@code long}: a value whose top bit is set goes on
 * the wire as the unsigned number (qemu-ga's route flags, for one, are sign-extended C ints that
 * print as 18446744071564165121).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Unsigned {}
