// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import java.io.IOException;

/** A child cannot be run as the user asked for; {@link #reason} says why, for the host's error. */
public final class AccountUnavailable extends IOException {

    /** Why no child can run as that user. */
    public enum Reason {
        /** The agent is not root, so it cannot change a child's uid. */
        NOT_PRIVILEGED,
        /** No such user name or uid in the user database. */
        UNKNOWN_USER,
        /** The guest lacks the helper the platform switches users through. */
        NO_HELPER
    }

    private final Reason reason;

    public AccountUnavailable(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
