// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client;

/**
 * The agent's answer broke the protocol: not JSON, not a reply, too large, or not the shape the
 * schema declares. Usually a bug in the agent (or not an agent at the other end); report it.
 */
public final class AgentProtocolException extends AgentClientException {

    public AgentProtocolException(String message) {
        super(message, null);
    }

    public AgentProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
