// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.config;

/** A keyfile GLib would reject, with GLib's message (G_KEY_FILE_ERROR texts). */
public final class KeyFileException extends Exception {

    public KeyFileException(String message) {
        super(message);
    }
}
