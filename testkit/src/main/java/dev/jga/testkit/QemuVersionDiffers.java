// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Behaviour of current upstream qemu-ga (which jga follows) that the installed 7.2 predates, e.g.
 * {@code -a/--allow-rpcs} (8.1) or the "the command is not allowed" reason. The test asserts the
 * current behaviour and therefore runs against jga and qemu-ga 10, not against the installed 7.2.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TargetCondition.class)
public @interface QemuVersionDiffers {
    /** What 7.2 does, and since which version upstream behaves as tested. */
    String value();
}
