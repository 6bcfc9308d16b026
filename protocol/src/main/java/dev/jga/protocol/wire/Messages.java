// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.wire;

/**
 * Every text jga puts in an error's {@code desc}, in one place, each with the qemu source it is
 * copied from. qemu copies these strings across its per-OS files; jga keeps one copy, and the
 * conformance suite pins them against a real qemu-ga.
 *
 * <p>Where qemu versions differ, the current upstream text is used (see docs/compatibility.md).
 */
public final class Messages {

    private Messages() {}

    /**
     * {@code format} with each {@code %s} and {@code %d} replaced by the next argument's
     * {@code String.valueOf}: what {@code format.formatted(args)} gives for the texts here, without
     * {@link java.util.Formatter}, whose first {@code %d} loads the JDK's locale data (tens of
     * milliseconds, on the first error reply) and would print digits of the default locale where
     * qemu prints ASCII ones. Any other conversion, or too few arguments, is a bug in the caller.
     */
    public static String fill(String format, Object... args) {
        StringBuilder text = new StringBuilder(format.length() + 16 * args.length);
        int next = 0;
        int from = 0;
        for (int at = format.indexOf('%'); at >= 0; at = format.indexOf('%', from)) {
            char conversion = at + 1 < format.length() ? format.charAt(at + 1) : 0;
            if (conversion != 's' && conversion != 'd') {
                throw new IllegalArgumentException("only %s and %d are supported: " + format);
            }
            if (next == args.length) {
                throw new IllegalArgumentException("too few arguments for " + format);
            }
            text.append(format, from, at).append(args[next++]);
            from = at + 2;
        }
        return text.append(format, from, format.length()).toString();
    }

    // --- qapi/qmp-dispatch.c -------------------------------------------------------------
    public static final String INPUT_NOT_OBJECT = "QMP input must be a JSON object";
    public static final String INPUT_EXECUTE_NOT_STRING = "QMP input member 'execute' must be a string";
    public static final String INPUT_ARGUMENTS_NOT_OBJECT = "QMP input member 'arguments' must be an object";
    public static final String INPUT_MEMBER_UNEXPECTED = "QMP input member '%s' is unexpected";
    public static final String INPUT_LACKS_EXECUTE = "QMP input lacks member 'execute'";
    public static final String COMMAND_NOT_FOUND = "The command %s has not been found";
    public static final String COMMAND_DISABLED = "Command %s has been disabled";
    /** Appended to {@link #COMMAND_DISABLED} after ": " (qga/main.c ga_apply_command_filters, 9.1+). */
    public static final String DISABLED_NOT_ALLOWED = "the command is not allowed";

    // --- qapi/qobject-input-visitor.c (qapi/qmp/qerror.h) --------------------------------
    public static final String PARAMETER_MISSING = "Parameter '%s' is missing";
    public static final String PARAMETER_UNEXPECTED = "Parameter '%s' is unexpected";
    public static final String PARAMETER_TYPE = "Invalid parameter type for '%s', expected: %s";
    public static final String PARAMETER_ENUM_VALUE = "Parameter '%s' does not accept value '%s'";
    public static final String PARAMETER_EXPECTS = "Parameter '%s' expects %s";

    // --- qga/commands*.c ----------------------------------------------------------------
    /** QERR_INVALID_PARAMETER_VALUE as qga uses it for count: "value '%s' is invalid for argument %s". */
    public static final String ARGUMENT_VALUE_INVALID = "value '%s' is invalid for argument %s";
    public static final String HANDLE_NOT_FOUND = "handle '%d' has not been found";
    public static final String FILE_MODE_INVALID = "invalid file open mode '%s'";
    public static final String FILE_OPEN_FAILED = "failed to open file '%s' (mode: '%s')";
    public static final String FILE_READ_FAILED = "failed to read file";
    public static final String FILE_WRITE_FAILED = "failed to write to file";
    public static final String FILE_SEEK_FAILED = "failed to seek file";
    public static final String FILE_FLUSH_FAILED = "failed to flush file";
    public static final String FILE_CLOSE_FAILED = "failed to close handle";
    public static final String WHENCE_INVALID = "invalid whence code %d";
    public static final String STATE_COMMIT_FAILED = "failed to commit persistent state to disk";
    /** qemu-common base64 (util/base64.c qbase64_decode). */
    public static final String BASE64_INVALID = "Base64 data contains invalid characters";
    /** QERR_UNSUPPORTED, kept for run-time refusals (never for absent commands). */
    public static final String UNSUPPORTED = "this feature or command is not currently supported";

    /** util/oslib-posix.c qemu_get_host_name, when gethostname(2) fails; strerror follows ": ". */
    public static final String HOST_NAME_FAILED = "cannot get hostname";

    // --- qga/commands.c guest-exec, glib/gspawn.c ------------------------------------------
    /**
     * glib's spawn failure (gspawn.c, "Failed to execute child process “%s” (%s)" with argv[0] and
     * g_strerror), which current qemu-ga passes on as it is (7.2 wrapped it in
     * "Guest agent command failed, error was '…'"). The quotes are U+201C and U+201D.
     */
    public static final String SPAWN_FAILED = "Failed to execute child process \u201c%s\u201d (%s)";
    /**
     * guest-exec-status for a pid with no entry (never started, or already reported exited): the
     * text of qemu's 2023 patch "qga: Improve guest-exec-status error message" with the pid printed
     * (the merged format string lacks its '%', so qemu literally prints "PID ld does not exist";
     * 7.2 says "Invalid parameter 'pid'").
     */
    public static final String EXEC_PID_NOT_FOUND = "PID %d does not exist";

    // --- jga: the founding guest-exec design (pipe handles) -------------------------------
    /** guest-pipe-open with a mode other than "r" or "w"; worded as guest-file-open's. */
    public static final String PIPE_MODE_INVALID = "invalid pipe open mode '%s'";
    /** guest-pipe-open when pipe2(2) failed; followed by ": " and strerror. */
    public static final String PIPE_OPEN_FAILED = "failed to open pipe";
    /** guest-exec with both the founding design's params and upstream's arg. */
    public static final String EXEC_ARG_AND_PARAMS = "Parameters 'arg' and 'params' are mutually exclusive";
    /** guest-exec naming a stream twice: by handle and by input-data or capture-output. */
    public static final String EXEC_STREAM_TWICE = "Parameter '%s' conflicts with '%s': the child's %s can only go one way";
    /** A pipe handle of the wrong direction given for a stream. */
    public static final String EXEC_PIPE_DIRECTION = "Parameter '%s': pipe handle '%d' is open for mode '%s', this stream needs mode '%s'";
    /** A pipe handle whose child end went to an earlier child (it is closed once that child runs). */
    public static final String EXEC_PIPE_USED = "Parameter '%s': pipe handle '%d' has already been given to a child";

    // --- jga's own, for failures qemu has no text for ------------------------------------
    /** A handler failed in a way it did not anticipate; details go to the log, not the wire. */
    public static final String INTERNAL_ERROR = "internal error in the guest agent; see its log";
    /** A request arrived while the agent holds too many open guest-file handles. */
    public static final String TOO_MANY_HANDLES = "too many open handles (limit %d); close some first";
}
