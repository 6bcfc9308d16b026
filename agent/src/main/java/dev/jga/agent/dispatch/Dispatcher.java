// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.dispatch;

import static dev.jga.protocol.wire.Messages.COMMAND_DISABLED;
import static dev.jga.protocol.wire.Messages.COMMAND_NOT_FOUND;
import static dev.jga.protocol.wire.Messages.DISABLED_NOT_ALLOWED;
import static dev.jga.protocol.wire.Messages.INPUT_ARGUMENTS_NOT_OBJECT;
import static dev.jga.protocol.wire.Messages.INPUT_EXECUTE_NOT_STRING;
import static dev.jga.protocol.wire.Messages.INPUT_LACKS_EXECUTE;
import static dev.jga.protocol.wire.Messages.INPUT_MEMBER_UNEXPECTED;
import static dev.jga.protocol.wire.Messages.INPUT_NOT_OBJECT;
import static dev.jga.protocol.wire.Messages.INTERNAL_ERROR;

import dev.jga.agent.log.Log;
import dev.jga.protocol.codec.RecordDecoder;
import dev.jga.protocol.codec.RecordEncoder;
import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.protocol.schema.Command;
import dev.jga.protocol.wire.ErrorClass;
import dev.jga.protocol.wire.QgaError;
import dev.jga.protocol.wire.Reply;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one parsed request into one reply, with qemu's checks in qemu's order
 * (qapi/qmp-dispatch.c): an object; only execute/arguments/id members; execute present; the
 * command exists; it is enabled (before its arguments are looked at); its arguments decode; then
 * the handler runs. A failure inside a handler is contained here: the host gets an error, never a
 * stack trace, and the agent lives on.
 */
public final class Dispatcher {

    private final Registry registry;
    private final CommandPolicy policy;
    private final Log log;

    public Dispatcher(Registry registry, CommandPolicy policy, Log log) {
        this.registry = registry;
        this.policy = policy;
        this.log = log;
    }

    public Registry registry() {
        return registry;
    }

    public CommandPolicy policy() {
        return policy;
    }

    /** Requests dispatched and not yet answered; guarded by {@code this}. */
    private int inFlight;

    /**
     * Dispatches {@code request} and hands its reply to {@code send}, counted as in flight until
     * sent, so a deferred exit (SIGTERM while frozen) can let the thaw's own reply out first.
     */
    public void serve(Json request, java.util.function.Consumer<Reply> send) {
        synchronized (this) {
            inFlight++;
        }
        try {
            send.accept(dispatch(request));
        } finally {
            synchronized (this) {
                inFlight--;
                notifyAll();
            }
        }
    }

    /** Waits until no request is in flight, at most {@code timeout}. */
    public synchronized void awaitIdle(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toMillis(); inFlight > 0 && left > 0;
                left = (deadline - System.nanoTime()) / 1_000_000) {
            wait(left);
        }
    }

    public Reply dispatch(Json request) {
        if (!(request instanceof JsonObject object)) {
            return new Reply.Failure(ErrorClass.GenericError, INPUT_NOT_OBJECT, Optional.empty());
        }
        Optional<Json> id = Optional.ofNullable(object.get("id"));
        try {
            return execute(object, id);
        } catch (QgaError e) {
            return Reply.Failure.of(e, id);
        } catch (RuntimeException | StackOverflowError e) {
            log.error("command failed unexpectedly: " + e);
            log.debug(e);
            return new Reply.Failure(ErrorClass.GenericError, INTERNAL_ERROR, id);
        }
    }

    private Reply execute(JsonObject request, Optional<Json> id) {
        String name = checkMembers(request);
        Registry.Binding binding = registry.lookup(name)
                .orElseThrow(() -> QgaError.commandNotFound(COMMAND_NOT_FOUND, name));
        if (!policy.allows(name)) {
            throw QgaError.commandNotFound(COMMAND_DISABLED + ": " + DISABLED_NOT_ALLOWED, name);
        }
        JsonObject arguments = (JsonObject) request.members().getOrDefault("arguments", JsonObject.EMPTY);
        Object command = RecordDecoder.arguments(binding.info(), arguments);
        Object result = invoke(binding, command);
        if (!binding.info().successResponse()) {
            return new Reply.None();
        }
        return new Reply.Return(RecordEncoder.encode(result), id, binding.info().delimitedReply());
    }

    /** qmp_dispatch_check_obj: returns the command name once the request's members are valid. */
    private static String checkMembers(JsonObject request) {
        for (Map.Entry<String, Json> member : request.members().entrySet()) {
            switch (member.getKey()) {
                case "execute" -> {
                    if (!(member.getValue() instanceof JsonString)) {
                        throw QgaError.generic(INPUT_EXECUTE_NOT_STRING);
                    }
                }
                case "arguments" -> {
                    if (!(member.getValue() instanceof JsonObject)) {
                        throw QgaError.generic(INPUT_ARGUMENTS_NOT_OBJECT);
                    }
                }
                case "id" -> { }
                default -> throw QgaError.generic(INPUT_MEMBER_UNEXPECTED, member.getKey());
            }
        }
        if (!(request.get("execute") instanceof JsonString execute)) {
            throw QgaError.generic(INPUT_LACKS_EXECUTE);
        }
        return execute.value();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object invoke(Registry.Binding binding, Object command) {
        return ((Handler) binding.handler()).handle((Command) command);
    }
}
