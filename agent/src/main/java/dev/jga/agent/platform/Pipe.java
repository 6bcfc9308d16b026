// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

/**
 * Both ends of a pipe opened for a child. The agent's end backs a guest-file handle; the child's
 * end is handed to {@link ProcessLauncher#spawn} as a {@link ChildInput.From}/{@link ChildOutput.To}.
 * The caller owns and closes both.
 */
public record Pipe(PipeDirection direction, OpenFile agentEnd, OpenFile childEnd) {}
