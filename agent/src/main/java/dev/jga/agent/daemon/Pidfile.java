// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.daemon;

import dev.jga.agent.config.Strerror;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * The locked pidfile that keeps two agents off one channel (util/oslib-posix.c
 * qemu_write_pidfile): create it 0600, take a write lock on the whole file, check that the path
 * still names the locked file (another agent may have removed and recreated it meanwhile), then
 * truncate and write {@code "<pid>\n"}. The lock is an fcntl record lock, as qemu's, so jga and
 * qemu-ga exclude each other. {@link #close()} removes the file if it is still ours.
 */
public final class Pidfile implements AutoCloseable {

    /** How often the lock-then-check sequence is retried while another process keeps replacing the file. */
    public static final int MAX_ATTEMPTS = 10;

    /**
     * 0600. A plain set, not {@code PosixFilePermissions.fromString}: that makes an EnumSet, whose
     * first use per enum reads the constants reflectively, on the way to the first reply.
     */
    private static final Set<PosixFilePermission> OWNER_READ_WRITE =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final Object fileKey;

    private Pidfile(Path path, FileChannel channel, FileLock lock, Object fileKey) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.fileKey = fileKey;
    }

    /** Locks {@code path} and writes {@code pid} in it; fails with qemu's texts. */
    public static Pidfile acquire(Path path, long pid) throws StartupException {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            FileChannel channel = create(path);
            Pidfile locked = lockAndCheck(path, channel);
            if (locked != null) {
                locked.write(pid);
                return locked;
            }
        }
        throw new StartupException(ExitCode.STARTUP, "Cannot lock pid file: " + path
                + " keeps being replaced by another process");
    }

    public Path path() {
        return path;
    }

    private static FileChannel create(Path path) throws StartupException {
        try {
            return FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
        } catch (IOException e) {
            throw new StartupException(ExitCode.STARTUP, "Could not create '" + path + "': " + reason(e));
        }
    }

    /** The locked pidfile, or null when the path no longer names the file we locked (retry). */
    private static Pidfile lockAndCheck(Path path, FileChannel channel) throws StartupException {
        boolean keep = false;
        try {
            Object lockedKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            FileLock lock = tryLock(channel);
            if (lock == null) {
                // EAGAIN, as fcntl(F_SETLK) reports it.
                throw new StartupException(ExitCode.STARTUP, "Cannot lock pid file: Resource temporarily unavailable");
            }
            Object currentKey;
            try {
                currentKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            } catch (NoSuchFileException e) {
                return null; // removed meanwhile: someone is racing with us
            }
            if (!Objects.equals(lockedKey, currentKey)) {
                return null;
            }
            keep = true;
            return new Pidfile(path, channel, lock, lockedKey);
        } catch (IOException e) {
            throw new StartupException(ExitCode.STARTUP, "Cannot stat file: " + reason(e));
        } finally {
            if (!keep) {
                closeQuietly(channel);
            }
        }
    }

    /** The lock, or null if another process holds one; a lock this JVM already holds counts as held. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private void write(long pid) throws StartupException {
        try {
            channel.truncate(0);
            ByteBuffer text = ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII));
            while (text.hasRemaining()) {
                channel.write(text);
            }
            // No fsync, as qemu's: the file describes this boot's process only.
        } catch (IOException e) {
            close();
            throw new StartupException(ExitCode.STARTUP, "Failed to write pid file: " + reason(e));
        }
    }

    /** Removes the file if the path still names the one we locked, then releases the lock. */
    @Override
    public void close() {
        try {
            Object currentKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            if (Objects.equals(fileKey, currentKey)) {
                Files.delete(path);
            }
        } catch (IOException e) {
            // already gone, or not ours to remove
        }
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    private static String reason(IOException e) {
        return Strerror.of(e);
    }
}
