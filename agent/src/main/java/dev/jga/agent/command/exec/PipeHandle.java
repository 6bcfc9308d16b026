// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.exec;

import static dev.jga.protocol.wire.Messages.EXEC_PIPE_USED;

import dev.jga.agent.command.file.GuestHandle;
import dev.jga.agent.platform.OpenFile;
import dev.jga.agent.platform.Pipe;
import dev.jga.agent.platform.PipeDirection;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;

/**
 * A guest-pipe-open handle: a guest-file handle over the agent's end of a pipe, which also holds
 * the child's end until a guest-exec gives it to a child. The agent closes its copy of the child's
 * end as soon as the child runs (otherwise the agent itself would keep the pipe open and the
 * reader would never see end of file), so each pipe serves one child.
 */
final class PipeHandle extends GuestHandle {

    private final Pipe pipe;
    private State state = State.FREE;

    private enum State { FREE, CLAIMED, GIVEN }

    PipeHandle(Pipe pipe) {
        super(pipe.agentEnd());
        this.pipe = pipe;
    }

    PipeDirection direction() {
        return pipe.direction();
    }

    /** Reserves the child's end for one spawn, or says it went to an earlier child. */
    synchronized OpenFile claim(String member, long id) {
        if (state != State.FREE) {
            throw QgaError.generic(EXEC_PIPE_USED, member, id);
        }
        state = State.CLAIMED;
        return pipe.childEnd();
    }

    /** The child's end this request already claimed (one pipe for both stdout and stderr). */
    synchronized OpenFile claimedChildEnd() {
        return pipe.childEnd();
    }

    /** The spawn failed: the child's end may go to the next guest-exec. */
    synchronized void unclaim() {
        if (state == State.CLAIMED) {
            state = State.FREE;
        }
    }

    /** The child runs with its own copy: the agent's copy of the child's end is closed now. */
    synchronized void given() {
        state = State.GIVEN;
        closeChildEnd();
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            super.close();
        } finally {
            closeChildEnd();
        }
    }

    private void closeChildEnd() {
        try {
            pipe.childEnd().close();
        } catch (IOException ignored) {
            // a pipe end: closing frees it whatever close reports
        }
    }
}
