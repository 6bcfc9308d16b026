// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client;

/**
 * Why a call to the guest agent did not produce a result. Unchecked, so typed calls read like
 * local method calls; each subclass says whose fault it was, and every message says what to do.
 */
public abstract sealed class AgentClientException extends RuntimeException
        permits AgentException, AgentTimeoutException, AgentUnavailableException, AgentProtocolException {

    AgentClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
