// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.link;

import dev.jga.protocol.json.JsonObject;
import java.time.Duration;

/**
 * One way of getting a request to the agent and its reply back. A link is used by one thread at
 * a time (the protocol is strictly request, then reply); {@link dev.jga.client.AgentClient}
 * serialises calls on it.
 */
public interface Link extends AutoCloseable {

    /**
     * Sends {@code {"execute": command, "arguments": arguments}} and returns the reply object
     * ({@code {"return": …}} or {@code {"error": …}}). For a command declared without a success
     * response, a missing reply is success and comes back as {@code {"return": {}}}.
     *
     * @param arguments the arguments; empty objects are left off the wire
     * @throws dev.jga.client.AgentTimeoutException when no reply came within {@code timeout}
     * @throws dev.jga.client.AgentUnavailableException when the link broke
     * @throws dev.jga.client.AgentProtocolException when the reply was not a reply
     */
    JsonObject exchange(String command, JsonObject arguments, boolean successResponse, Duration timeout);

    /** How big requests and replies may be on this link; file transfers size their chunks by it. */
    Limits limits();

    /** For messages: where this link goes. */
    String describe();

    @Override
    void close();

    /**
     * Size limits of a link, in bytes of JSON text.
     *
     * @param maxRequestBytes the largest request the far end accepts
     * @param maxReplyBytes the largest reply the far end can deliver
     */
    record Limits(long maxRequestBytes, long maxReplyBytes) {}
}
