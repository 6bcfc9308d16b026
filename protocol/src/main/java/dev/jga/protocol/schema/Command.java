// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

/**
 * A command of the guest agent protocol with result type {@code R}. This list of domains is the
 * table of contents of the schema; each domain file reads like its section of qapi-schema.json.
 */
public sealed interface Command<R> permits CoreCommand, FileCommand, ExecCommand, InfoCommand, HardwareCommand,
        NetworkCommand, StorageCommand, PowerCommand, FreezeCommand, AccountCommand {}
