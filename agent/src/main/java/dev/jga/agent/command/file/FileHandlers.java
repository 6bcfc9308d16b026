// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.file;

import static dev.jga.protocol.wire.Messages.ARGUMENT_VALUE_INVALID;
import static dev.jga.protocol.wire.Messages.FILE_CLOSE_FAILED;
import static dev.jga.protocol.wire.Messages.FILE_FLUSH_FAILED;
import static dev.jga.protocol.wire.Messages.FILE_MODE_INVALID;
import static dev.jga.protocol.wire.Messages.FILE_OPEN_FAILED;
import static dev.jga.protocol.wire.Messages.FILE_READ_FAILED;
import static dev.jga.protocol.wire.Messages.FILE_SEEK_FAILED;
import static dev.jga.protocol.wire.Messages.FILE_WRITE_FAILED;
import static dev.jga.protocol.wire.Messages.WHENCE_INVALID;

import dev.jga.agent.dispatch.CommandGroup;
import dev.jga.agent.dispatch.Registry;
import dev.jga.agent.memory.MemoryBudget;
import dev.jga.agent.platform.FileAccess;
import dev.jga.agent.platform.OpenFile;
import dev.jga.agent.platform.OpenMode;
import dev.jga.agent.platform.SystemError;
import dev.jga.protocol.codec.GlibBase64;
import dev.jga.protocol.schema.Empty;
import dev.jga.protocol.schema.FileCommand.FileClose;
import dev.jga.protocol.schema.FileCommand.FileFlush;
import dev.jga.protocol.schema.FileCommand.FileOpen;
import dev.jga.protocol.schema.FileCommand.FileRead;
import dev.jga.protocol.schema.FileCommand.FileSeek;
import dev.jga.protocol.schema.FileCommand.FileWrite;
import dev.jga.protocol.schema.FileCommand.GuestFileRead;
import dev.jga.protocol.schema.FileCommand.GuestFileSeek;
import dev.jga.protocol.schema.FileCommand.GuestFileWhence;
import dev.jga.protocol.schema.FileCommand.GuestFileWrite;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.util.Arrays;

/** Serves guest-file-* with qemu-ga's semantics and texts (qga/commands-posix.c, commands.c). */
public final class FileHandlers implements CommandGroup {

    /** QGA_READ_COUNT_DEFAULT. */
    public static final long READ_COUNT_DEFAULT = 4096;
    /** GUEST_FILE_READ_COUNT_MAX: 48 MiB, so its base64 (64 MiB) fits qemu's JSON limit. */
    public static final long READ_COUNT_MAX = 48L * 1024 * 1024;

    private final FileAccess files;
    private final HandleTable handles;
    private final MemoryBudget budget;

    public FileHandlers(FileAccess files, HandleTable handles, MemoryBudget budget) {
        this.files = files;
        this.handles = handles;
        this.budget = budget;
    }

    @Override
    public void bind(Registry registry) {
        registry.bind(FileOpen.class, this::open);
        registry.bind(FileClose.class, this::close);
        registry.bind(FileRead.class, this::read);
        registry.bind(FileWrite.class, this::write);
        registry.bind(FileSeek.class, this::seek);
        registry.bind(FileFlush.class, this::flush);
    }

    long open(FileOpen command) {
        String modeText = command.mode().orElse("r");
        OpenMode mode = OpenMode.parse(modeText).orElseThrow(() -> QgaError.generic(FILE_MODE_INVALID, modeText));
        try {
            return handles.add(new GuestHandle(files.open(command.path(), mode)));
        } catch (IOException e) {
            throw failure(e, FILE_OPEN_FAILED, command.path(), modeText);
        }
    }

    Empty close(FileClose command) {
        GuestHandle handle = handles.remove(command.handle());
        try {
            handle.close();
        } catch (IOException e) {
            throw failure(e, FILE_CLOSE_FAILED);
        }
        return Empty.VALUE;
    }

    GuestFileRead read(FileRead command) {
        long count = command.count().orElse(READ_COUNT_DEFAULT);
        GuestHandle handle = handles.get(command.handle());
        if (count < 0 || count > READ_COUNT_MAX) {
            throw QgaError.generic(ARGUMENT_VALUE_INVALID, count, "count");
        }
        // The buffer, and a shorter copy of it, stay until the reply is written.
        budget.holdUntilReplied(count);
        try {
            GuestHandle.Chunk chunk = handle.read((int) count);
            boolean whole = chunk.length() == chunk.data().length;
            if (!whole) {
                budget.holdUntilReplied(chunk.length());
            }
            byte[] data = whole ? chunk.data() : Arrays.copyOf(chunk.data(), chunk.length());
            return new GuestFileRead(chunk.length(), data, chunk.eof());
        } catch (IOException e) {
            throw failure(e, FILE_READ_FAILED);
        }
    }

    GuestFileWrite write(FileWrite command) {
        GuestHandle handle = handles.get(command.handle());
        GlibBase64.Decoded data = GlibBase64.decodeToBuffer(command.bufB64());
        long count = command.count().orElse((long) data.length());
        if (count < 0 || count > data.length()) {
            throw QgaError.generic(ARGUMENT_VALUE_INVALID, count, "count");
        }
        try {
            GuestHandle.Written written = handle.write(data.buffer(), (int) count);
            return new GuestFileWrite(written.count(), written.eof());
        } catch (IOException e) {
            throw failure(e, FILE_WRITE_FAILED);
        }
    }

    GuestFileSeek seek(FileSeek command) {
        GuestHandle handle = handles.get(command.handle());
        OpenFile.Whence whence = whence(command.whence());
        try {
            return new GuestFileSeek(handle.seek(command.offset(), whence), handle.eof());
        } catch (IOException e) {
            throw failure(e, FILE_SEEK_FAILED);
        }
    }

    Empty flush(FileFlush command) {
        try {
            handles.get(command.handle()).flush();
        } catch (IOException e) {
            throw failure(e, FILE_FLUSH_FAILED);
        }
        return Empty.VALUE;
    }

    /** The protocol's 0/1/2 (not the host's SEEK_* values) or a QGASeek name. */
    private static OpenFile.Whence whence(GuestFileWhence whence) {
        return switch (whence) {
            case GuestFileWhence.Name name -> OpenFile.Whence.valueOf(name.name().name());
            case GuestFileWhence.Value value -> switch ((int) Math.max(-1, Math.min(3, value.value()))) {
                case 0 -> OpenFile.Whence.SET;
                case 1 -> OpenFile.Whence.CUR;
                case 2 -> OpenFile.Whence.END;
                default -> throw QgaError.generic(WHENCE_INVALID, value.value());
            };
        };
    }

    /** error_setg_errno: qemu's text, then ": " and the C library's strerror. */
    private static QgaError failure(IOException e, String format, Object... args) {
        String reason = e instanceof SystemError system ? system.strerror() : String.valueOf(e.getMessage());
        return QgaError.errno(reason, format, args);
    }
}
