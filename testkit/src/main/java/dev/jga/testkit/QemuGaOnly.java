// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pins down the installed qemu-ga's side of a difference documented by a {@link JgaOnly} or
 * {@link QemuVersionDiffers} test, so the claim about qemu-ga stays checked against the binary.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TargetCondition.class)
public @interface QemuGaOnly {
    /** Which jga test holds the other side, and why they differ. */
    String value();
}
