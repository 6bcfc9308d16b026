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
    /**
     * qmp_guest_file_read when g_try_malloc0 of the read buffer fails (qga/commands-posix.c, qemu
     * 5.0+). jga gives it to every request that would take the agent past its memory budget: a
     * request too large to buffer, a read, an input-data, a status whose output it cannot copy.
     */
    public static final String MEMORY_EXHAUSTED = "failed to allocate sufficient memory to complete the requested service";

    /** util/oslib-posix.c qemu_get_host_name, when gethostname(2) fails; strerror follows ": ". */
    public static final String HOST_NAME_FAILED = "cannot get hostname";

    // --- qga/commands-posix.c: guest-set-time, guest-get-load, ga_run_command -------------
    /** qmp_guest_set_time: the time's year (local time) is before 1970 or from 2070 on. */
    public static final String TIME_INVALID = "Invalid time";
    /** qmp_guest_set_time: settimeofday(2) failed; followed by ": " and strerror. */
    public static final String TIME_SET_FAILED = "Failed to set time to guest";
    /** qmp_guest_set_time's action for ga_run_command (the text is qemu's for both directions). */
    public static final String HWCLOCK_ACTION = "set hardware clock to system time";
    /** qmp_guest_get_load: getloadavg(3) failed; followed by ": " and strerror. */
    public static final String LOAD_FAILED = "cannot query load average";

    // --- qga/commands-linux.c: vcpus, memory blocks, cpustats ----------------------------
    /** A sysfs or procfs file or directory would not open: open("path"), then ": " and strerror. */
    public static final String OPEN_CALL_FAILED = "open(\"%s\")";
    /** transfer_vcpu: pread of a cpu's online file failed; followed by ": " and strerror. */
    public static final String PREAD_CALL_FAILED = "pread(\"%s\")";
    /** transfer_vcpu: a cpu's online file is empty. */
    public static final String PREAD_EOF = "pread(\"%s\"): unexpected EOF";
    /** transfer_vcpu: writing a cpu's online file failed; followed by ": " and strerror. */
    public static final String PWRITE_CALL_FAILED = "pwrite(\"%s\")";
    /** transfer_vcpu: offlining a cpu that has no online file. */
    public static final String VCPU_CANNOT_OFFLINE = "logical processor #%d can't be offlined";
    /** qmp_guest_get_vcpus: /sys/devices/system/cpu would not open; followed by ": " and strerror. */
    public static final String VCPUS_LIST_FAILED = "failed to list entries: %s";
    /** qmp_guest_get_memory_blocks: the directory would not open (qemu's missing space included). */
    public static final String MEMORY_DIR_FAILED = "Can't open directory\"/sys/devices/system/memory/\"";
    /** qmp_guest_get_memory_blocks: the directory holds no memoryN block. */
    public static final String MEMORY_BLOCKS_NONE = "guest reported zero memory blocks!";
    /** ga_read_sysfs_file: open failed; followed by ": " and strerror. */
    public static final String SYSFS_OPEN_FAILED = "open sysfs file \"%s\"";
    /** ga_read_sysfs_file: pread failed; followed by ": " and strerror. */
    public static final String SYSFS_PREAD_FAILED = "pread sysfs file \"%s\"";
    /** ga_read_sysfs_file: the file is empty. */
    public static final String SYSFS_PREAD_EOF = "pread sysfs file \"%s\": unexpected EOF";

    // --- qga/commands-posix.c qmp_guest_network_get_interfaces, guest_get_hw_addr ---------
    /** getifaddrs(3) failed; followed by ": " and strerror. */
    public static final String GETIFADDRS_FAILED = "getifaddrs failed";
    /** The socket for SIOCGIFHWADDR could not be made; followed by ": " and strerror. */
    public static final String SOCKET_FAILED = "failed to create socket";

    // --- qga/commands-linux.c: procfs and sysfs readers ------------------------------------
    /** guest_get_diskstats, qmp_guest_network_get_route: fopen failed; then ": " and strerror. */
    public static final String PROC_OPEN_FAILED = "open(\"%s\")";
    /** build_guest_fsinfo_for_device, is_disk_virtual; then ": " and strerror. */
    public static final String REALPATH_FAILED = "realpath(\"%s\")";
    /** build_hosts, build_guest_fsinfo_for_virtual_device; then ": " and strerror. */
    public static final String OPENDIR_FAILED = "opendir(\"%s\")";
    /** qmp_guest_get_disks; then ": " and strerror. */
    public static final String SYS_BLOCK_OPEN_FAILED = "Can't open directory \"/sys/block\"";
    /** build_fs_mount_list_from_mtab, when neither mountinfo nor mounts can be read. */
    public static final String MTAB_OPEN_FAILED = "failed to open mtab file: '%s'";
    /** qmp_guest_fstrim, per path in the result (not an error reply): open failed, then strerror. */
    public static final String TRIM_OPEN_FAILED = "failed to open: %s";
    /** qmp_guest_fstrim, per path: FITRIM gave ENOTTY or EOPNOTSUPP. */
    public static final String TRIM_NOT_SUPPORTED = "trim not supported";
    /** qmp_guest_fstrim, per path: any other FITRIM failure, then strerror. */
    public static final String TRIM_FAILED = "failed to trim: %s";

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

    // --- qga/commands-posix.c ga_run_command: helper programs (hook, shutdown, chpasswd) ----
    /** {@code action} for guest-shutdown (qmp_guest_shutdown). */
    public static final String ACTION_SHUTDOWN = "shutdown";
    /** {@code action} for guest-set-user-password (qmp_guest_set_user_password). */
    public static final String ACTION_SET_PASSWORD = "set user password";
    /** {@code action} for the --fsfreeze-hook script (execute_fsfreeze_hook). */
    public static final String ACTION_FSFREEZE_HOOK = "execute fsfreeze hook";
    /** The helper exited non-zero and printed something (stdout and stderr share one pipe). */
    public static final String CHILD_FAILED_OUTPUT = "child process has failed to %s: %s";
    /** The helper exited non-zero and printed nothing. */
    public static final String CHILD_FAILED_STATUS = "child process has failed to %s: exit status %d";
    public static final String CHILD_ABNORMAL_OUTPUT = "child process has terminated abnormally: %s";
    public static final String CHILD_ABNORMAL = "child process has terminated abnormally";
    /**
     * What qemu-ga's child prints (perror) when execvp fails, followed by ": " + strerror and a
     * newline; it then exits 1, so the reply reads "child process has failed to …: failed to exec …".
     */
    public static final String CHILD_EXEC_FAILED = "failed to exec '%s'";
    public static final String CHILD_CREATE_FAILED = "failed to create child process";

    // --- qga/commands-posix.c qmp_guest_shutdown, qmp_guest_set_user_password -------------
    /** Sic: qemu's text lacks the closing parenthesis. */
    public static final String SHUTDOWN_MODE_INVALID = "mode is invalid (valid values are: halt|powerdown|reboot";
    public static final String PASSWORD_FORBIDDEN = "forbidden characters in raw password";
    public static final String USERNAME_FORBIDDEN = "forbidden characters in username";

    // --- qga/commands-linux.c guest_suspend ------------------------------------------------
    /** linux_sys_state_supports_mode for hybrid, which /sys/power/state has no word for. */
    public static final String SUSPEND_MODE_UNKNOWN = "unknown guest suspend mode";
    public static final String SUSPEND_NOT_SUPPORTED = "the requested suspend mode is not supported by the guest";
    public static final String SUSPEND_HELPER_NOT_FOUND = "the helper program '%s' was not found";
    public static final String SUSPEND_HELPER_STATUS = "the helper program '%s' returned an unexpected exit status code (%d)";
    /** run_process_child: g_spawn_sync failed for another reason than a missing program; %s is glib's text. */
    public static final String SUSPEND_SPAWN_FAILED = "failed to create child process, error '%s'";
    /** linux_sys_state_suspend; followed by strerror (%m). */
    public static final String SUSPEND_WRITE_FAILED = "suspend: cannot write to '%s'";

    // --- qga/commands-linux.c qmp_guest_fsfreeze_do_freeze_list ---------------------------
    /**
     * build_fs_mount_list when the mount table cannot be read: qemu then tries /proc/self/mounts and
     * reports it with this text; jga reads mountinfo only (every Linux since 2.6.26 has it) and says so.
     */
    public static final String MOUNT_TABLE_FAILED = "failed to open mtab file: '%s'";
    public static final String FREEZE_OPEN_FAILED = "failed to open %s";
    public static final String FREEZE_FAILED = "failed to freeze %s";

    // --- qga/commands-posix-ssh.c, qga/commands-common-ssh.c --------------------------------
    /** get_passwd_entry; %s is glib's g_unix_get_passwd_entry text: strerror, "Success" for an unknown user. */
    public static final String USER_LOOKUP_FAILED = "failed to lookup user '%s': %s";
    public static final String SSH_KEY_INVALID = "invalid OpenSSH public key: '%s'";
    public static final String SSH_READ_FAILED = "failed to read '%s': %s";
    public static final String SSH_WRITE_FAILED = "failed to write to '%s': %s";
    public static final String SSH_MKDIR_FAILED = "failed to create directory '%s': %s";
    /** Sic: write_authkeys reports a file's chown failure with this directory text too. */
    public static final String SSH_CHOWN_FAILED = "failed to set ownership of directory '%s': %s";
    public static final String SSH_CHMOD_DIR_FAILED = "failed to set permissions of directory '%s': %s";
    public static final String SSH_CHMOD_FILE_FAILED = "failed to set permissions of '%s': %s";
    /** glib gfileutils.c g_file_get_contents, with U+201C/U+201D quotes; %s: path, strerror. */
    public static final String GLIB_OPEN_FAILED = "Failed to open file \u201c%s\u201d: %s";
    /** glib gfileutils.c g_file_set_contents (its temporary file); %s: path, strerror. */
    public static final String GLIB_CREATE_FAILED = "Failed to create file \u201c%s\u201d: %s";

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

    // --- jga: supervised execution (the __dev.jga_ members) ---------------------------------
    /** {@code __dev.jga_cwd} names no directory the agent can enter; followed by nothing, the reason is in it. */
    public static final String EXEC_CWD_INVALID = "Parameter '__dev.jga_cwd': cannot use '%s' as the working directory: %s";
    /** {@code __dev.jga_user} while the agent runs as another user than root. */
    public static final String EXEC_USER_NOT_ROOT = "Parameter '__dev.jga_user': the agent does not run as root, so it cannot run a program as another user";
    /** {@code __dev.jga_user} names nobody in the user database. */
    public static final String EXEC_USER_UNKNOWN = "Parameter '__dev.jga_user': no user '%s' in the guest's user database";
    /** {@code __dev.jga_user} on a guest without util-linux's setpriv, which jga switches users with. */
    public static final String EXEC_USER_NO_HELPER = "Parameter '__dev.jga_user': the guest has no setpriv (util-linux), through which the agent runs programs as another user";
    /** A duration member outside 0–86400 seconds or not finite. */
    public static final String SECONDS_INVALID = "Parameter '%s' must be a number of seconds from 0 to 86400";
    /** A program not in --exec-allow; names the resolved program, never its arguments. */
    public static final String EXEC_PROGRAM_REFUSED = "Program '%s' is not in the agent's exec allow-list (--exec-allow)";
    /** {@code __dev.jga_guest-exec-kill} with a signal name or number the guest does not have. */
    public static final String SIGNAL_UNKNOWN = "Parameter 'signal': unknown signal '%s'";
    /** kill(2) failed for another reason than the child being gone; followed by ": " and strerror. */
    public static final String SIGNAL_FAILED = "failed to signal pid %d";
    /** An output offset for a stream the request did not capture. */
    public static final String EXEC_OFFSET_NOT_CAPTURED = "Parameter '%s': the child's %s is not captured";
    /** An output offset past what has been captured, or negative. */
    public static final String EXEC_OFFSET_INVALID = "Parameter '%s' must be from 0 to the %d bytes captured so far";
    /** A status asked for after the agent dropped it at one of its limits (docs/compatibility.md). */
    public static final String EXEC_STATUS_DROPPED = "PID %d does not exist: its status was dropped %s";

    // --- jga's own, for failures qemu has no text for ------------------------------------
    /** A handler failed in a way it did not anticipate; details go to the log, not the wire. */
    public static final String INTERNAL_ERROR = "internal error in the guest agent; see its log";
    /** A request arrived while the agent holds too many open guest-file handles. */
    public static final String TOO_MANY_HANDLES = "too many open handles (limit %d); close some first";
}
