package shmkit.segment;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Objects;

/**
 * A segment reached through an open file: a POSIX object or a file by its path, or a process's
 * memfd or shared mapping by the link the kernel keeps for it in /proc (/proc/PID/fd/N,
 * /proc/PID/map_files/START-END), which opens the very file the process holds. Change is seen by
 * looking at the same path again: gone (removed; for a process's file, the process exited, closed
 * it or unmapped it), another file there (replaced), or a different size.
 *
 */
final class FileBacking extends Backing {
    private static final LinkOption[] FOLLOW = {};

    private final FileChannel channel;
    /** What was opened, looked at again for change. */
    private final Path path;
    /** Whether the path is the kernel's link to the file (/proc), which is followed; a name in a folder never is. */
    private final boolean follow;
    /** The file's identity (device and inode) when opened. */
    private final Object fileKey;
    /** For a process's file, which process holds it and how (for messages); null for a name in a folder. */
    private final Holder holder;

    FileBacking(FileChannel channel, Path path, boolean follow, Object fileKey, Holder holder) {
        this.channel = channel;
        this.path = path;
        this.follow = follow;
        this.fileKey = fileKey;
        this.holder = holder;
    }

    /**
     * A process that holds the file: as descriptor {@code fd}, or (fd -1) as the mapping at
     * {@code address}. {@code shown} says so in messages where the name does not ("pid 1234 fd 7"), or is empty.
     */
    record Holder(long pid, int fd, long address, String shown) {
        String what() {
            return fd >= 0 ? "fd " + fd + " of process " + pid : "the mapping at 0x" + Long.toHexString(address) + " of process " + pid;
        }
    }

    @Override
    int read(ByteBuffer buffer, long position) throws IOException {
        return channel.read(buffer, position);
    }

    @Override
    int write(ByteBuffer buffer, long position) throws IOException {
        return channel.write(buffer, position);
    }

    @Override
    long size() throws IOException {
        return channel.size();
    }

    @Override
    long transferTo(long position, long count, WritableByteChannel out) throws IOException {
        return channel.transferTo(position, count, out);
    }

    @Override
    long transferFrom(FileChannel in, long position, long count) throws IOException {
        return channel.transferFrom(in, position, count);
    }

    @Override
    MemorySegment map(long offset, long length, boolean writable, Arena into) throws IOException {
        return channel.map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, offset, length, into);
    }

    @Override
    FileChannel lockable(SegmentName name) {
        return channel;
    }

    @Override
    Object identity() {
        return fileKey;
    }

    @Override
    Change change(SegmentName name, long size) {
        PosixFileAttributes now = follow ? statFollowing(path) : Segments.statOrNull(path);
        if (now == null) {
            return new Change(Change.Kind.REMOVED, holder == null ? name + " was removed" : gone(name), -1);
        }
        if (!Objects.equals(now.fileKey(), fileKey)) {
            return new Change(Change.Kind.REPLACED, holder == null ? name + " was replaced by another file"
                    : name + holder.shown() + " is not what it was: " + holder.what() + " now holds another file", now.size());
        }
        long current;
        try {
            current = channel.size();
        } catch (IOException e) {
            current = now.size();
        }
        if (current < size) {
            return new Change(Change.Kind.SHRANK, name + " shrank from " + size + " to " + current + " bytes", current);
        }
        if (current > size) {
            return new Change(Change.Kind.GREW, name + " grew from " + size + " to " + current + " bytes", current);
        }
        return null;
    }

    /** "'pid:1234:fd:7' went away (process 1234 exited)": the process ended, or let go of the file. */
    private String gone(SegmentName name) {
        String why = exited(holder.pid()) ? "process " + holder.pid() + " exited"
                : holder.fd() >= 0 ? "process " + holder.pid() + " closed fd " + holder.fd()
                : "process " + holder.pid() + " unmapped it";
        return name + holder.shown() + " went away (" + why + ")";
    }

    /** Whether process {@code pid} has ended: gone from /proc, or a zombie its parent has not reaped yet (state Z or X). */
    static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), java.nio.charset.StandardCharsets.ISO_8859_1);
            int end = stat.lastIndexOf(')'); // the command name, in parentheses, may hold anything
            char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true;
        }
    }

    /** A /proc link's target's attributes, or null when the link is gone (the process exited or let go of the file). */
    static PosixFileAttributes statFollowing(Path path) {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class, FOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw Segments.failure("cannot look at " + path, e);
        }
    }

    @Override
    void close() throws IOException {
        channel.close();
    }
}
