// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.account;

import static dev.jga.protocol.wire.Messages.GLIB_CREATE_FAILED;
import static dev.jga.protocol.wire.Messages.GLIB_OPEN_FAILED;
import static dev.jga.protocol.wire.Messages.SSH_CHMOD_DIR_FAILED;
import static dev.jga.protocol.wire.Messages.SSH_CHMOD_FILE_FAILED;
import static dev.jga.protocol.wire.Messages.SSH_CHOWN_FAILED;
import static dev.jga.protocol.wire.Messages.SSH_MKDIR_FAILED;
import static dev.jga.protocol.wire.Messages.SSH_READ_FAILED;
import static dev.jga.protocol.wire.Messages.SSH_WRITE_FAILED;

import dev.jga.agent.config.Strerror;
import dev.jga.agent.platform.Account;
import dev.jga.protocol.wire.Messages;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

/**
 * A user's {@code ~/.ssh/authorized_keys} as qga/commands-posix-ssh.c reads and writes it: the
 * contents split at every '\n' (a final newline leaves an empty last line, kept on rewrite), a
 * rewrite through a temporary file renamed over the old one (glib's g_file_set_contents), then
 * owner and mode 0600 set; {@code ~/.ssh} created 0700 and owned by the user.
 */
final class AuthorizedKeysFile {

    private final Path path;
    private final Account account;

    AuthorizedKeysFile(Account account) {
        this.account = account;
        this.path = Path.of(account.home(), ".ssh", "authorized_keys");
    }

    Path path() {
        return path;
    }

    Path directory() {
        return path.getParent();
    }

    boolean exists() {
        return Files.exists(path);
    }

    /** read_authkeys: every line, the empty one after a final newline included. */
    List<String> read() {
        try {
            String contents = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
            return Arrays.asList(contents.split("\n", -1));
        } catch (IOException e) {
            String glib = Messages.fill(GLIB_OPEN_FAILED, path, Strerror.of(e));
            throw QgaError.generic(SSH_READ_FAILED, path, glib);
        }
    }

    /** write_authkeys: the lines joined by '\n' (no final newline), owned by the user, mode 0600. */
    void write(List<String> lines) {
        Path temporary = path.resolveSibling(path.getFileName() + ".jga-new");
        try {
            Files.writeString(temporary, String.join("\n", lines), StandardCharsets.UTF_8);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temporary);
            String glib = Messages.fill(GLIB_CREATE_FAILED, temporary, Strerror.of(e));
            throw QgaError.generic(SSH_WRITE_FAILED, path, glib);
        }
        try {
            chown(path);
        } catch (IOException e) {
            throw QgaError.generic(SSH_CHOWN_FAILED, path, Strerror.of(e));
        }
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw QgaError.generic(SSH_CHMOD_FILE_FAILED, path, Strerror.of(e));
        }
    }

    /** mkdir_for_user: ~/.ssh created, owned by the user, mode 0700 whatever the umask. */
    void createDirectory() {
        Path directory = directory();
        try {
            Files.createDirectory(directory);
        } catch (IOException e) {
            throw QgaError.generic(SSH_MKDIR_FAILED, directory, Strerror.of(e));
        }
        try {
            chown(directory);
        } catch (IOException e) {
            throw QgaError.generic(SSH_CHOWN_FAILED, directory, Strerror.of(e));
        }
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw QgaError.generic(SSH_CHMOD_DIR_FAILED, directory, Strerror.of(e));
        }
    }

    private void chown(Path target) throws IOException {
        Files.setAttribute(target, "unix:uid", (int) account.uid());
        Files.setAttribute(target, "unix:gid", (int) account.gid());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the write already failed; that error is the one to report
        }
    }
}
