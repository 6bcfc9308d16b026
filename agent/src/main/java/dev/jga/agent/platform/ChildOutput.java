// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

/** Where a child's standard output or standard error goes. */
public sealed interface ChildOutput {

    /** /dev/null: where qemu-ga sends every stream it does not capture. */
    record Discard() implements ChildOutput {}

    /** Into {@code sink}, read by the platform as the child writes (qemu-ga's capture-output). */
    record Capture(OutputSink sink) implements ChildOutput {}

    /** The given descriptor (a guest-file handle or the child's end of an "r" pipe). */
    record To(OpenFile file) implements ChildOutput {}

    /** Standard error only: the same descriptor as standard output (capture-output "merged"). */
    record SameAsStdout() implements ChildOutput {}
}
