// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.exec;

/**
 * The user's requests to stop a program while the client waits for it (Ctrl-C presses), and
 * where the client says what it sent because of them. The first request sends TERM to the
 * program (its whole process group on a jga agent) and the client keeps forwarding its output
 * while it ends; the second sends KILL at once. A caller that lets the JVM die on SIGINT cannot
 * see a second press, hence a count polled by the exec loop, the only thread talking to the agent.
 */
public interface Interrupts {

    /** No interrupts: the program runs until it ends or the request's timeout. */
    Interrupts NONE = () -> 0;

    /** How many times the user has asked to stop so far. */
    int count();

    /** Called after the agent took a signal sent because of an interrupt. */
    default void sent(SignalSent signal) {}

    /**
     * A signal the client had the agent send.
     *
     * @param pid the program's pid in the guest
     * @param signal its name without SIG, e.g. "TERM"
     * @param processGroup sent to the program's whole process group (jga's
     *     {@code __dev.jga_guest-exec-kill}); false: to the program, or its group if it leads one
     *     (the kill script run through guest-exec on other agents)
     * @param escalates a later interrupt (or the grace running out) sends KILL
     */
    record SignalSent(long pid, String signal, boolean processGroup, boolean escalates) {}
}
