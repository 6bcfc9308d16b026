// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.helper;

import dev.jga.agent.platform.ExitStatus;

/**
 * How a helper program ended, and what it wrote to its standard output and standard error (one
 * pipe for both, as qemu-ga's ga_run_command reads them), at most
 * {@link SpawningHelperRunner#MAX_OUTPUT} bytes of it.
 */
public record HelperRun(ExitStatus status, String output) {}
