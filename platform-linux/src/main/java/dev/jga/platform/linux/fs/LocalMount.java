// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.fs;

/** One mounted local filesystem (qga/commands-common.h FsMount): where, what type, which device. */
public record LocalMount(String directory, String type, int major, int minor) {}
