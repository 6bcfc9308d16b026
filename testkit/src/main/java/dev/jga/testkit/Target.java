// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import java.util.Locale;

/**
 * Which agent the black-box tests drive. The same tests run against both: whatever passes against
 * the real qemu-ga is proven to be qemu-ga's behaviour, and then jga must match it.
 */
public enum Target {
    /** jga, started through {@code bin/jga-agent}. */
    JGA("jga"),
    /** The installed qemu-ga ({@code /usr/sbin/qemu-ga}, 7.2 on Debian 12): the oracle. */
    QEMU_GA("qemu-ga"),
    /** Debian 13's qemu-ga 10.0 in a chroot ({@link ChrootQemuGa}): the oracle for current upstream. */
    QEMU_GA_10("qemu-ga-10");

    /** System property that selects the target: {@code jga} (default), {@code qemu-ga} or {@code qemu-ga-10}. */
    public static final String PROPERTY = "conformance.target";

    private final String wireName;

    Target(String wireName) {
        this.wireName = wireName;
    }

    /** The target selected by {@value #PROPERTY}. */
    public static Target current() {
        String value = System.getProperty(PROPERTY, "jga").trim().toLowerCase(Locale.ROOT);
        for (Target target : values()) {
            if (target.wireName.equals(value)) {
                return target;
            }
        }
        throw new IllegalArgumentException(PROPERTY + " must be jga, qemu-ga or qemu-ga-10, not '" + value + "'");
    }

    /** Either qemu-ga: the tests pin down its behaviour. */
    public boolean isQemuGa() {
        return this == QEMU_GA || this == QEMU_GA_10;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
