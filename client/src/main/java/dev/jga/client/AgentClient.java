// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client;

import dev.jga.client.exec.ExecRequest;
import dev.jga.client.exec.ExecResult;
import dev.jga.client.exec.ExecRunner;
import dev.jga.client.file.FileTransfer;
import dev.jga.client.link.Link;
import dev.jga.client.link.StreamLink;
import dev.jga.client.link.VirshLink;
import dev.jga.protocol.codec.Catalog;
import dev.jga.protocol.codec.CommandInfo;
import dev.jga.protocol.codec.RecordEncoder;
import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.protocol.schema.Command;
import dev.jga.protocol.schema.CoreCommand;
import dev.jga.protocol.schema.ExecCommand;
import dev.jga.protocol.schema.CoreCommand.GuestAgentInfo;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection to one guest agent (jga or qemu-ga), from the host.
 *
 * <p>Typed calls take the same command records the agent decodes ({@code
 * client.call(new FileRead(handle, Optional.of(4096L)))} returns a {@code GuestFileRead}); any
 * other command goes through {@link #callRaw}. Every call has a timeout; a timed-out connection
 * resynchronises before its next call. Calls are serialised: the protocol answers in order, one
 * request at a time.
 *
 * <p>On top of the calls: {@link #exec} (live output through pipe handles when the agent has
 * {@code guest-pipe-open}, captured output otherwise) and {@link #files()} (chunked copies sized to
 * the link's limits).
 */
public final class AgentClient implements AutoCloseable {

    /**
     * Timeouts of a client.
     *
     * @param connectTimeout connecting plus resynchronising (libvirt uses 5 s for its guest-sync)
     * @param callTimeout each call unless the call says otherwise (a 4 MiB file read on a slow guest
     *     takes seconds)
     */
    public record Options(Duration connectTimeout, Duration callTimeout) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    private final Link link;
    private final Options options;
    private volatile GuestAgentInfo info;

    private AgentClient(Link link, Options options) {
        this.link = link;
        this.options = options;
    }

    /** Connects to {@code target} with default timeouts. */
    public static AgentClient connect(Target target) {
        return connect(target, Options.DEFAULT);
    }

    /**
     * Connects to {@code target} and resynchronises the channel.
     *
     * @throws AgentUnavailableException when nothing answers there
     * @throws AgentTimeoutException when the connection opened but the agent never synchronised
     */
    public static AgentClient connect(Target target, Options options) {
        Link link = switch (target) {
            case Target.Libvirt libvirt -> VirshLink.open(libvirt, options.connectTimeout());
            case Target.Unix unix -> StreamLink.open(unix, options.connectTimeout());
            case Target.Tcp tcp -> StreamLink.open(tcp, options.connectTimeout());
        };
        return new AgentClient(link, options);
    }

    /** A client over an already open link (tests, custom transports). */
    public static AgentClient over(Link link, Options options) {
        return new AgentClient(link, options);
    }

    /** Calls a command of the schema and returns its typed result. */
    public <R> R call(Command<R> command) {
        return call(command, options.callTimeout());
    }

    /** {@link #call(Command)} with its own timeout. */
    @SuppressWarnings("unchecked")
    public <R> R call(Command<R> command, Duration timeout) {
        CommandInfo info = Catalog.schema().of(command.getClass());
        JsonObject arguments = (JsonObject) RecordEncoder.encode(command);
        Json result = exchange(info.name(), arguments, info.successResponse(), timeout);
        return (R) ResultDecoder.decode(info.name(), info.resultType(), result);
    }

    /** Calls any command by name and returns its {@code return} value as JSON. */
    public Json callRaw(String command, JsonObject arguments) {
        return callRaw(command, arguments, options.callTimeout());
    }

    /** {@link #callRaw(String, JsonObject)} with its own timeout. */
    public Json callRaw(String command, JsonObject arguments, Duration timeout) {
        boolean successResponse = Catalog.schema().byName(command).map(CommandInfo::successResponse).orElse(true);
        return exchange(command, arguments, successResponse, timeout);
    }

    private synchronized Json exchange(String command, JsonObject arguments, boolean successResponse,
            Duration timeout) {
        Objects.requireNonNull(arguments, "arguments");
        JsonObject reply = link.exchange(command, arguments, successResponse, timeout);
        if (reply.get("return") instanceof Json value) {
            return value;
        }
        if (reply.get("error") instanceof JsonObject error) {
            throw new AgentException(command, text(error.get("class")).orElse("GenericError"),
                    text(error.get("desc")).orElse("(no description)"));
        }
        throw new AgentProtocolException("the agent answered " + command + " with neither return nor error: "
                + dev.jga.protocol.json.JsonWriter.toString(reply));
    }

    private static Optional<String> text(Json json) {
        return json instanceof JsonString s ? Optional.of(s.value()) : Optional.empty();
    }

    /**
     * jga's {@code __dev.jga_guest-exec-kill}: {@code signal} to the program started as
     * {@code pid} (its whole process group when {@code tree}), then KILL after {@code grace}.
     */
    public void execKill(long pid, ExecCommand.Signal signal, Optional<Duration> grace, boolean tree) {
        call(new ExecCommand.ExecKill(pid, Optional.of(signal), grace.map(g -> g.toNanos() / 1e9), Optional.of(tree)));
    }

    /** jga's {@code __dev.jga_guest-exec-list}: the programs the agent started and still tracks. */
    public List<ExecCommand.GuestExecChild> execList() {
        return call(new ExecCommand.ExecList());
    }

    /**
     * guest-exec-status with jga's members: {@code keep} leaves an exited status for asking again,
     * the offsets return output from there on while the program runs.
     */
    public ExecCommand.GuestExecStatus execStatus(long pid, boolean keep, Optional<Long> outOffset,
            Optional<Long> errOffset) {
        return call(new ExecCommand.ExecStatus(pid, keep ? Optional.of(true) : Optional.empty(), outOffset, errOffset));
    }

    /** guest-ping. */
    public void ping() {
        call(new CoreCommand.Ping());
    }

    /** guest-info, fetched once per client and then remembered. */
    public GuestAgentInfo info() {
        GuestAgentInfo known = info;
        if (known == null) {
            known = call(new CoreCommand.Info());
            info = known;
        }
        return known;
    }

    /** True when guest-info lists {@code command} as enabled. */
    public boolean supports(String command) {
        return info().supportedCommands().stream().anyMatch(c -> c.name().equals(command) && c.enabled());
    }

    /** Runs a program in the guest; see {@link ExecRunner} for the two ways it does so. */
    public ExecResult exec(ExecRequest request) {
        return new ExecRunner(this).run(request);
    }

    /** Copies files to and from the guest in chunks sized to this link. */
    public FileTransfer files() {
        return new FileTransfer(this, link.limits());
    }

    public Options options() {
        return options;
    }

    /** Where this client is connected, for messages. */
    public String describe() {
        return link.describe();
    }

    @Override
    public void close() {
        link.close();
    }
}
