// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

/** A mounted local filesystem as qemu-ga's FsMount holds it: mount point, type and device number. */
public record Mount(String directory, String type, int major, int minor) {}
