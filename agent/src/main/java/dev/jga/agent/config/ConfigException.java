// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.config;

/** The command line or configuration file cannot be used; the message says why, in qemu-ga's words. */
public final class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }
}
