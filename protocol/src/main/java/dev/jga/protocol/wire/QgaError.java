// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.wire;

import java.util.Objects;

/**
 * The one error a command may throw: an error class and qemu's description text.
 *
 * <p>Factories are named after qemu's helpers so a reader can match them to qemu's source:
 * {@link #generic} is {@code error_setg}, {@link #errno} is {@code error_setg_errno} (which appends
 * {@code ": " + strerror}). The text always comes from {@link Messages}.
 */
public final class QgaError extends RuntimeException {

    private final ErrorClass errorClass;
    private final String desc;

    public QgaError(ErrorClass errorClass, String desc) {
        super(desc, null, false, false);
        this.errorClass = Objects.requireNonNull(errorClass);
        this.desc = Objects.requireNonNull(desc);
    }

    /** {@code error_setg(errp, format, args…)}. */
    public static QgaError generic(String format, Object... args) {
        return new QgaError(ErrorClass.GenericError, Messages.fill(format, args));
    }

    /** {@code error_setg_errno(errp, errno, format, args…)}: the message, ": ", then strerror. */
    public static QgaError errno(String strerror, String format, Object... args) {
        return new QgaError(ErrorClass.GenericError, Messages.fill(format, args) + ": " + strerror);
    }

    public static QgaError commandNotFound(String format, Object... args) {
        return new QgaError(ErrorClass.CommandNotFound, Messages.fill(format, args));
    }

    public ErrorClass errorClass() {
        return errorClass;
    }

    public String desc() {
        return desc;
    }
}
