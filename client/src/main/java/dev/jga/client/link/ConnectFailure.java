// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.link;

import dev.jga.client.AgentUnavailableException;
import dev.jga.client.Target;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/** Turns a failed connect into a message that says what to check. */
final class ConnectFailure {

    private ConnectFailure() {}

    static AgentUnavailableException explain(Target target, IOException e) {
        String reason = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        String advice;
        if (e instanceof NoSuchFileException || reason.contains("no such file")) {
            advice = "no such socket; start the VM with -chardev socket,path=SOCKET,server=on,wait=off,id=qga0"
                    + " -device virtserialport,chardev=qga0,name=org.qemu.guest_agent.0 (or point --socket elsewhere)";
        } else if (e instanceof AccessDeniedException || reason.contains("permission denied")) {
            advice = "permission denied; run as a user who may open the socket (root, or the VM's group)";
        } else if (e instanceof ConnectException || reason.contains("refused")) {
            advice = "nothing is listening there; is the VM (or the agent) running?";
        } else {
            advice = e.getMessage();
        }
        return new AgentUnavailableException("cannot connect to " + target + ": " + advice, e);
    }
}
