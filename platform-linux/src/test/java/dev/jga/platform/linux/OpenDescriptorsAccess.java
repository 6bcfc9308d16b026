// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

/** Lets tests in subpackages count descriptors with {@link OpenDescriptors}. */
public final class OpenDescriptorsAccess {

    private OpenDescriptorsAccess() {}

    public static long count() {
        return OpenDescriptors.count();
    }
}
