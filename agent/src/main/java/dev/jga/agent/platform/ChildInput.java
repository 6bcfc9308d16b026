// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

/** What a child reads on its standard input. */
public sealed interface ChildInput {

    /** /dev/null: qemu-ga's default, so a child that reads stdin sees end of file at once. */
    record Nothing() implements ChildInput {}

    /**
     * These bytes, fed by the platform as the child reads them, then end of file (qemu-ga's
     * input-data). A child that exits without reading them is no error: the rest is dropped.
     */
    record Bytes(byte[] data) implements ChildInput {}

    /** The given descriptor (a guest-file handle or the child's end of a "w" pipe). */
    record From(OpenFile file) implements ChildInput {}
}
