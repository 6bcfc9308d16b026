// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Behaviour where jga deliberately differs from qemu-ga (a fix, not an accident), so the test runs
 * only against jga. The value says what qemu-ga does instead; its variant, where testable, is a
 * separate {@link QemuGaOnly} test.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TargetCondition.class)
public @interface JgaOnly {
    /** What qemu-ga does instead, and why jga does not. */
    String value();
}
