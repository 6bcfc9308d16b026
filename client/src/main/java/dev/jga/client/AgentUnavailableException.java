// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client;

/** No connection to the agent could be made, or it went away: nothing was (or will be) answered. */
public final class AgentUnavailableException extends AgentClientException {

    public AgentUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
