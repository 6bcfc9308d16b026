// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.dispatch;

import dev.jga.protocol.schema.Command;

/** Serves one command: takes its decoded record, returns its result or throws a QgaError. */
@FunctionalInterface
public interface Handler<C extends Command<R>, R> {
    R handle(C command);
}
