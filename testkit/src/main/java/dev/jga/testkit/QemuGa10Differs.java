// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that does not run against qemu-ga 10.0 in its chroot ({@link ChrootQemuGa}), saying why:
 * it pins down 7.2's behaviour where upstream has changed since, or it needs the host's own view
 * (its users, its mount table), which the chroot does not share. It still runs against jga and
 * qemu-ga 7.2.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TargetCondition.class)
public @interface QemuGa10Differs {
    /** Why the test cannot hold against qemu-ga 10.0 in the chroot. */
    String value();
}
