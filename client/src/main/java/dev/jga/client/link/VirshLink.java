// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.link;

import dev.jga.client.AgentProtocolException;
import dev.jga.client.AgentTimeoutException;
import dev.jga.client.AgentUnavailableException;
import dev.jga.client.Target;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libvirt's pass-through: one {@code virsh qemu-agent-command DOMAIN JSON} per call. libvirt owns
 * the agent socket and synchronises it itself (guest-sync before the first command), so this link
 * only turns virsh's exit status and messages back into replies and exceptions.
 *
 * <p>Two limits come with it: libvirt drops replies over 10 MiB, and the request travels as one
 * command-line argument, which Linux caps at 128 KiB; {@link #limits()} reports both so file
 * transfers size their chunks to fit.
 */
public final class VirshLink implements Link {

    /** QEMU_AGENT_MAX_RESPONSE (libvirt src/qemu/qemu_agent.c): longer replies are an error. */
    public static final long LIBVIRT_MAX_REPLY = 10L << 20;
    /** MAX_ARG_STRLEN (Linux include/uapi/linux/binfmts.h): the longest single argv string, 32 pages. */
    public static final long MAX_ARGUMENT = 32 * 4096;
    /** The program run; {@code JGA_VIRSH} overrides it (tests use a stand-in). */
    public static final String VIRSH_VARIABLE = "JGA_VIRSH";
    /** Extra wait for virsh itself beyond the agent timeout it is given. */
    private static final Duration VIRSH_SLACK = Duration.ofSeconds(5);
    private static final Pattern AGENT_ERROR =
            Pattern.compile("unable to execute QEMU agent command '([^']*)': (.*)", Pattern.DOTALL);

    private final Target.Libvirt target;
    private final String virsh;

    private VirshLink(Target.Libvirt target, String virsh) {
        this.target = target;
        this.virsh = virsh;
    }

    /** A link to {@code target}; checks with guest-ping that virsh and the agent answer. */
    public static VirshLink open(Target.Libvirt target, Duration timeout) {
        String virsh = Optional.ofNullable(System.getenv(VIRSH_VARIABLE)).orElse("virsh");
        VirshLink link = new VirshLink(target, virsh);
        JsonObject reply = link.exchange("guest-ping", JsonObject.EMPTY, true, timeout);
        if (reply.get("error") instanceof JsonObject error) {
            throw new AgentUnavailableException("the agent of " + target + " refused guest-ping: "
                    + JsonWriter.toString(error), null);
        }
        return link;
    }

    @Override
    public JsonObject exchange(String command, JsonObject arguments, boolean successResponse, Duration timeout) {
        JsonObject.Builder request = JsonObject.builder().put("execute", command);
        if (!arguments.members().isEmpty()) {
            request.put("arguments", arguments);
        }
        String json = JsonWriter.toString(request.build());
        if (json.length() >= MAX_ARGUMENT) {
            throw new IllegalArgumentException(command + " request of " + json.length()
                    + " bytes is too long for a virsh argument (" + MAX_ARGUMENT + ")");
        }
        Result result = run(command(json, timeout), timeout.plus(VIRSH_SLACK), command);
        if (result.status() == 0) {
            return parse(command, result.stdout());
        }
        return failure(command, result.stderr().strip(), timeout);
    }

    private List<String> command(String json, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(virsh));
        target.uri().ifPresent(uri -> command.addAll(List.of("-c", uri)));
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        command.addAll(List.of("qemu-agent-command", target.domain(), json, "--timeout", Long.toString(seconds)));
        return command;
    }

    private record Result(int status, String stdout, String stderr) {}

    private Result run(List<String> command, Duration limit, String what) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new AgentUnavailableException("cannot run " + virsh + " for " + target
                    + ": " + e.getMessage() + "; install libvirt-clients or set " + VIRSH_VARIABLE, e);
        }
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream(), 1 << 16));
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(
                () -> drain(process.getInputStream(), LIBVIRT_MAX_REPLY + 4096));
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AgentTimeoutException(what + " through " + virsh + " on " + target, limit);
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AgentUnavailableException("interrupted while waiting for " + virsh, e);
        }
    }

    private static String drain(InputStream in, long limit) {
        try (in) {
            byte[] bytes = in.readNBytes((int) limit);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private JsonObject parse(String command, String stdout) {
        Optional<JsonObject> reply = ReplyLine.parse(stdout.strip().getBytes(StandardCharsets.UTF_8));
        return reply.orElseThrow(() -> new AgentProtocolException("virsh printed no reply to " + command
                + " for " + target + ": " + abbreviate(stdout)));
    }

    private JsonObject failure(String command, String stderr, Duration timeout) {
        Matcher agentError = AGENT_ERROR.matcher(stderr);
        if (agentError.find()) {
            String desc = agentError.group(2).strip();
            String errorClass = desc.matches("The command .* has not been found|Command .* has been disabled.*")
                    ? "CommandNotFound" : "GenericError";
            return JsonObject.builder().put("error", JsonObject.builder()
                    .put("class", errorClass).put("desc", desc).build()).build();
        }
        if (stderr.contains("not responding") || stderr.contains("not available for now")) {
            throw new AgentTimeoutException(command + " through libvirt on " + target + " ("
                    + firstLine(stderr) + ")", timeout);
        }
        throw new AgentUnavailableException("virsh failed for " + target + ": " + firstLine(stderr)
                + "; check that the domain runs and has a guest-agent channel", null);
    }

    private static String firstLine(String text) {
        String stripped = text.strip().replaceFirst("^error: ", "");
        int newline = stripped.indexOf('\n');
        return newline < 0 ? stripped : stripped.substring(0, newline);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    @Override
    public Limits limits() {
        return new Limits(MAX_ARGUMENT - 1024, LIBVIRT_MAX_REPLY);
    }

    @Override
    public String describe() {
        return target.toString();
    }

    @Override
    public void close() {
        // nothing held between calls
    }
}
