// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client;

import java.time.Duration;

/**
 * The agent did not answer in time. The connection is resynchronised before its next call, so a
 * late reply can never be taken for the answer to a later request.
 */
public final class AgentTimeoutException extends AgentClientException {

    private final Duration timeout;

    public AgentTimeoutException(String what, Duration timeout) {
        super(what + " got no answer within " + seconds(timeout)
                + "; the agent may be busy (a slow command blocks it), stopped, or serving another client"
                + " (qemu-ga serves one at a time): retry, or raise the timeout", null);
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }
}
