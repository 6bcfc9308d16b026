// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client;

/**
 * The agent answered with an error: {@code {"error": {"class": …, "desc": …}}}. The class is kept
 * as the wire string ({@code GenericError}, {@code CommandNotFound}, or whatever a newer agent
 * sends), the description verbatim.
 */
public final class AgentException extends AgentClientException {

    /** qemu's class for unknown and disabled commands (qapi/qmp-dispatch.c). */
    public static final String COMMAND_NOT_FOUND = "CommandNotFound";

    private final String command;
    private final String errorClass;
    private final String desc;

    public AgentException(String command, String errorClass, String desc) {
        super(command + ": " + desc + hint(errorClass, desc), null);
        this.command = command;
        this.errorClass = errorClass;
        this.desc = desc;
    }

    /** The command that failed, e.g. {@code guest-file-open}. */
    public String command() {
        return command;
    }

    /** The agent's error class as sent, e.g. {@code GenericError}. */
    public String errorClass() {
        return errorClass;
    }

    /** The agent's description, verbatim. */
    public String desc() {
        return desc;
    }

    /** True for an unknown command and for one the agent's policy or frozen state disabled. */
    public boolean isCommandNotFound() {
        return COMMAND_NOT_FOUND.equals(errorClass);
    }

    private static String hint(String errorClass, String desc) {
        if (!COMMAND_NOT_FOUND.equals(errorClass)) {
            return "";
        }
        if (desc.contains("has been disabled")) {
            return " (the agent's allow/block list or frozen state disables it; check its --allow-rpcs/--block-rpcs)";
        }
        return " (this agent does not have the command; 'jga info' lists what it has)";
    }
}
