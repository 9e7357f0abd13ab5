package shmkit.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import shmkit.ShmException;

/**
 * Creating and opening segments: the one place that decides how a name becomes an open file.
 * Nothing here follows a symbolic link, and nothing here truncates or replaces an existing file.
 */
public final class Segments {
    /** rw-------. Not PosixFilePermissions.fromString: its EnumSet costs every command a reflective call at start. */
    public static final Set<PosixFilePermission> DEFAULT_MODE =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final int FILL_CHUNK = 1 << 20;
    /** Prefix of the scratch file a create fills before it publishes the segment under its name. */
    public static final String SCRATCH_PREFIX = ".shm-create.";

    private Segments() {}

    /**
     * Creates a zero-filled segment of {@code size} bytes with exactly {@code mode}, all of its space
     * reserved now. The bytes are written to a file with no name yet and published with link(2),
     * which fails if the name exists: racing creates have exactly one winner, nobody ever sees a
     * half-made segment, and a full file system fails here with nothing left behind.
     *
     * <p>From {@link #UNNAMED_FROM} bytes the file is made with O_TMPFILE, so even SIGKILL while it
     * fills leaves nothing: the kernel frees a file nobody named. Smaller ones (filled in
     * milliseconds, where binding the native calls would cost more than the fill) use a hidden
     * scratch name ({@link #SCRATCH_PREFIX}), removed on any failure or interrupt; one left by a
     * SIGKILL shows in 'shm list' and goes with 'shm rm --stale'.
     *
     * @param progress told the number of bytes reserved so far, may be null
     */
    public static void create(SegmentName name, long size, Set<PosixFilePermission> mode, LongConsumer progress) {
        requireFile(name, "create");
        if (size <= 0) {
            throw ShmException.usage("size " + size + " is not positive; a segment needs at least 1 byte");
        }
        refuseExisting(name);
        refuseWithoutRoom(name, size, "create " + name);
        if (size >= UNNAMED_FROM && createUnnamed(name, size, mode, progress)) {
            return;
        }
        Path scratch = name.path().resolveSibling(SCRATCH_PREFIX + ProcessHandle.current().pid() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (FileChannel channel = FileChannel.open(scratch, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(DEFAULT_MODE))) {
                reserve(channel, 0, size, progress);
            }
            // Set after creation so the umask does not narrow an explicit --mode; never looser than asked meanwhile.
            if (!mode.equals(DEFAULT_MODE)) {
                Files.setPosixFilePermissions(scratch, mode);
            }
            publish(scratch, name);
        } catch (FileAlreadyExistsException e) {
            throw new ShmException(ShmException.Reason.ALREADY_EXISTS, name + " already exists (created by another process just now); shm create never replaces a segment");
        } catch (NoSuchFileException e) {
            throw new ShmException(ShmException.Reason.NOT_FOUND, "cannot create " + name + ": folder " + parentOf(name) + " does not exist");
        } catch (AccessDeniedException e) {
            throw new ShmException(ShmException.Reason.PERMISSION_DENIED, "cannot create " + name + ": permission denied in " + parentOf(name));
        } catch (IOException e) {
            throw failure("cannot create " + name + " (" + size + " bytes)", e);
        } finally {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException ignored) {
                // the scratch name is ours alone; a leftover is harmless and shown by 'shm list --all'
            }
        }
    }

    /** Creates of at least this many bytes fill a file with no name (O_TMPFILE) where the file system allows. */
    public static final long UNNAMED_FROM = 256L << 20;

    /** The O_TMPFILE way; false when this file system has none (the caller then uses a scratch name). */
    private static boolean createUnnamed(SegmentName name, long size, Set<PosixFilePermission> mode, LongConsumer progress) {
        java.util.Optional<shmkit.sys.TmpFile> made = shmkit.sys.TmpFile.open(parentOf(name));
        if (made.isEmpty()) {
            return false;
        }
        try (shmkit.sys.TmpFile file = made.get()) {
            try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.WRITE)) {
                reserve(channel, 0, size, progress);
            }
            if (!mode.equals(DEFAULT_MODE)) {
                Files.setPosixFilePermissions(file.path(), mode);
            }
            int errno = file.publish(name.path());
            if (errno == shmkit.sys.TmpFile.EEXIST) {
                throw new ShmException(ShmException.Reason.ALREADY_EXISTS, name
                        + " already exists (created by another process just now); shm create never replaces a segment");
            }
            if (errno != 0) {
                throw new ShmException(ShmException.Reason.IO_ERROR, "cannot create " + name + ": linkat failed (errno " + errno + ")");
            }
            return true;
        } catch (IOException e) {
            throw failure("cannot create " + name + " (" + size + " bytes)", e);
        }
    }

    /**
     * Scratch files of creates whose process is gone (killed while filling): the name's pid no longer
     * runs. Found in {@code folder}; 'shm rm --stale' removes them.
     */
    public static java.util.List<Path> staleScratch(Path folder) {
        java.util.List<Path> stale = new java.util.ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(folder, SCRATCH_PREFIX + "*")) {
            for (Path entry : entries) {
                String rest = entry.getFileName().toString().substring(SCRATCH_PREFIX.length());
                int dot = rest.indexOf('.');
                try {
                    long pid = Long.parseLong(dot < 0 ? rest : rest.substring(0, dot));
                    if (ProcessHandle.of(pid).isEmpty() && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                        stale.add(entry);
                    }
                } catch (NumberFormatException notOurs) {
                    // a name that only looks like ours: left alone
                }
            }
        } catch (IOException e) {
            return stale;
        }
        return stale;
    }

    /** Refuses at once a size the file system cannot hold, rather than filling it up first. */
    private static void refuseWithoutRoom(SegmentName name, long size, String doing) {
        Path folder = parentOf(name);
        try {
            long usable = Files.getFileStore(folder).getUsableSpace();
            if (size > usable) {
                throw new ShmException(ShmException.Reason.NO_SPACE, "cannot " + doing + ": it needs " + size + " more bytes and "
                        + folder + " has " + usable + " free");
            }
        } catch (NoSuchFileException e) {
            throw new ShmException(ShmException.Reason.NOT_FOUND, "cannot " + doing + ": folder " + folder + " does not exist");
        } catch (IOException e) {
            // No answer about free space: the reservation itself will tell.
        }
    }

    /**
     * Writes zeros over [from, to): the file system allocates the space now (tmpfs: the memory), so
     * a full one fails here rather than as a SIGBUS in whichever process first touches the page.
     */
    private static void reserve(FileChannel channel, long from, long to, LongConsumer progress) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(FILL_CHUNK, to - from));
        long done = from;
        while (done < to) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), to - done));
            done += channel.write(zeros, done);
            if (progress != null) {
                progress.accept(done - from);
            }
        }
    }

    private static void publish(Path scratch, SegmentName name) throws IOException {
        try {
            Files.createLink(name.path(), scratch);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileAlreadyExistsException already) {
                throw already;
            }
            // A file system without hard links: a plain rename, refused if the name exists now.
            refuseExisting(name);
            Files.move(scratch, name.path());
        }
    }

    private static void refuseExisting(SegmentName name) {
        PosixFileAttributes existing = statOrNull(name.path());
        if (existing == null) {
            return;
        }
        if (existing.isRegularFile()) {
            throw new ShmException(ShmException.Reason.ALREADY_EXISTS, name + " already exists (" + existing.size()
                    + " bytes); shm create never replaces a segment (remove it first: shm rm " + name.arg() + ")");
        }
        throw new ShmException(ShmException.Reason.ALREADY_EXISTS, name + " already exists and is " + kind(name.path(), existing) + ", not a segment");
    }

    /**
     * Opens an existing segment for reading: a name in a folder without following links; a System V
     * segment attached read-only; a process's memory through the kernel's link to it.
     */
    public static Segment open(SegmentName name) {
        if (!name.isFile()) {
            Backing backing = openElsewhere(name, false);
            return new Segment(name, backing, sizeOf(name, backing));
        }
        PosixFileAttributes attrs = requireSegment(name);
        FileChannel channel = openChannel(name, attrs, false);
        Backing backing = new FileBacking(channel, name.path(), false, attrs.fileKey(), null);
        return new Segment(name, backing, sizeOf(name, backing));
    }

    /** Opens an existing segment for reading and writing, as {@link #open} does. */
    public static WritableSegment openWritable(SegmentName name) {
        if (!name.isFile()) {
            Backing backing = openElsewhere(name, true);
            return new WritableSegment(name, backing, sizeOf(name, backing));
        }
        PosixFileAttributes attrs = requireSegment(name);
        FileChannel channel = openChannel(name, attrs, true);
        Backing backing = new FileBacking(channel, name.path(), false, attrs.fileKey(), null);
        return new WritableSegment(name, backing, sizeOf(name, backing));
    }

    /** The kinds without a name in a folder: each in a class of its own, loaded only when such a name is used. */
    private static Backing openElsewhere(SegmentName name, boolean write) {
        if (name.target() instanceof SegmentName.SysvKey || name.target() instanceof SegmentName.SysvId) {
            return Sysv.open(name, write);
        }
        return ProcessMemory.open(name, write);
    }

    private static FileChannel openChannel(SegmentName name, PosixFileAttributes attrs, boolean write) {
        Set<OpenOption> options = write
                ? Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
                : Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            return FileChannel.open(name.path(), options);
        } catch (AccessDeniedException e) {
            throw new ShmException(ShmException.Reason.PERMISSION_DENIED, "permission denied opening " + name + " for "
                    + (write ? "writing" : "reading") + " (mode " + PosixFilePermissions.toString(attrs.permissions())
                    + ", owner " + attrs.owner().getName() + ")");
        } catch (IOException e) {
            throw failure("cannot open " + name, e);
        }
    }

    private static long sizeOf(SegmentName name, Backing channel) {
        try {
            return channel.size();
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the size is what failed; closing adds nothing to say
            }
            throw failure("cannot open " + name, e);
        }
    }

    /** The attributes of an existing segment: a regular file, not a link to one. */
    public static PosixFileAttributes requireSegment(SegmentName name) {
        if (!name.isFile()) {
            throw new ShmException(ShmException.Reason.BAD_USAGE, name + " is not a file; this works on POSIX names and files only");
        }
        PosixFileAttributes attrs = statOrNull(name.path());
        if (attrs == null) {
            throw new ShmException(ShmException.Reason.NOT_FOUND, missing(name));
        }
        if (!attrs.isRegularFile()) {
            throw new ShmException(ShmException.Reason.NOT_A_SEGMENT, name + " is " + kind(name.path(), attrs) + ", not a segment"
                    + (attrs.isSymbolicLink() ? "; shm never follows links" : ""));
        }
        return attrs;
    }

    private static String missing(SegmentName name) {
        if (!name.named()) {
            return "no file " + name;
        }
        String here = "";
        try {
            if (Files.isRegularFile(Path.of(name.arg()), NOFOLLOW)) {
                // A bare name is a segment in the shm folder; the file next to the user needs a '/'.
                here = "; did you mean the file ./" + name.arg() + "? A path needs a '/'";
            }
        } catch (java.nio.file.InvalidPathException ignored) {
            // not a name a file here could have
        }
        return "no segment " + name + " (looked for " + name.path() + ")" + here + Kinds.formHint(name.arg());
    }

    /**
     * Unlinks a segment. Only a regular file is removed: a symbolic link is refused, never followed
     * and never removed in the segment's place, and so is anything else that is not a segment.
     * Processes that map the segment keep their memory until they unmap it.
     *
     * @param missingOk whether a name with nothing behind it is fine (rm --force)
     * @return false when there was nothing to remove
     */
    public static boolean remove(SegmentName name, boolean missingOk) {
        requireFile(name, "remove");
        PosixFileAttributes attrs = statOrNull(name.path());
        if (attrs == null) {
            if (missingOk) {
                return false;
            }
            throw new ShmException(ShmException.Reason.NOT_FOUND, missing(name));
        }
        if (!attrs.isRegularFile()) {
            throw new ShmException(ShmException.Reason.NOT_A_SEGMENT, name + " is " + kind(name.path(), attrs) + ", not a segment; not removed"
                    + (attrs.isSymbolicLink() ? " (shm never follows or removes links)" : ""));
        }
        try {
            Files.delete(name.path());
            return true;
        } catch (NoSuchFileException e) {
            if (missingOk) {
                return false;
            }
            throw new ShmException(ShmException.Reason.NOT_FOUND, missing(name));
        } catch (AccessDeniedException e) {
            throw new ShmException(ShmException.Reason.PERMISSION_DENIED, "permission denied removing " + name + " (owner " + attrs.owner().getName()
                    + ", in " + parentOf(name) + ")");
        } catch (IOException e) {
            throw failure("cannot remove " + name, e);
        }
    }

    /**
     * Sets a segment's size and returns the size it had. Growing reserves the new part (zeros are
     * written, as create does) and, when that fails (a full file system), cuts the segment back to
     * its old size before reporting. Shrinking truncates: a process that maps the part cut off dies
     * of SIGBUS when it touches it, so callers look for such processes first.
     */
    public static long resize(SegmentName name, long size) {
        return resize(name, size, null);
    }

    /** As {@link #resize(SegmentName, long)}, telling {@code progress} the bytes reserved so far. */
    public static long resize(SegmentName name, long size, LongConsumer progress) {
        requireFile(name, "resize");
        if (size <= 0) {
            throw ShmException.usage("size " + size + " is not positive; a segment needs at least 1 byte");
        }
        PosixFileAttributes attrs = requireSegment(name);
        try (FileChannel channel = FileChannel.open(name.path(), Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
            long old = channel.size();
            if (size > old) {
                refuseWithoutRoom(name, size - old, "grow " + name + " from " + old + " to " + size + " bytes");
                try {
                    reserve(channel, old, size, progress);
                } catch (IOException e) {
                    String undo = "left at " + old + " bytes";
                    try {
                        channel.truncate(old);
                    } catch (IOException again) {
                        undo = "and cutting it back to " + old + " bytes failed too: " + reason(again);
                    }
                    throw new ShmException(noSpace(e) ? ShmException.Reason.NO_SPACE : ShmException.Reason.IO_ERROR, "cannot grow " + name + " from " + old + " to " + size + " bytes: "
                            + reason(e) + "; " + undo, e);
                }
            } else if (size < old) {
                channel.truncate(size);
            }
            return old;
        } catch (AccessDeniedException e) {
            throw new ShmException(ShmException.Reason.PERMISSION_DENIED, "permission denied opening " + name + " for writing (mode "
                    + PosixFilePermissions.toString(attrs.permissions()) + ", owner " + attrs.owner().getName() + ")");
        } catch (IOException e) {
            throw failure("cannot resize " + name + " to " + size + " bytes", e);
        }
    }

    /**
     * Refuses a name of a kind this file operation does not apply to: a process's memory is never
     * made, removed or resized by shm (the process owns it), a System V segment has calls of its own.
     */
    private static void requireFile(SegmentName name, String doing) {
        if (!name.isFile()) {
            throw new ShmException(ShmException.Reason.BAD_USAGE, "cannot " + doing + " " + name + " as a file");
        }
    }

    /** The attributes of the file itself (never of a link's target), or null when nothing is there. */
    public static PosixFileAttributes statOrNull(Path path) {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw failure("cannot look at " + path, e);
        }
    }

    /** "a directory", "a symbolic link (to x)", "a FIFO", ... for messages. */
    public static String kind(PosixFileAttributes attrs) {
        if (attrs.isRegularFile()) return "a regular file";
        if (attrs.isDirectory()) return "a directory";
        if (attrs.isSymbolicLink()) return "a symbolic link";
        return "a " + otherKind(attrs);
    }

    /** FIFO, socket or device: told apart by st_mode, which the JDK's "unix" view gives on Linux. */
    private static String otherKind(PosixFileAttributes attrs) {
        return "special file (FIFO, socket or device)";
    }

    /** The file type of a path from its st_mode, without opening it (a FIFO would block an open). */
    public static String kind(Path path, PosixFileAttributes attrs) {
        if (!attrs.isOther()) {
            return kind(attrs);
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", NOFOLLOW);
            return switch (mode & 0170000) {
                case 0010000 -> "a FIFO";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> kind(attrs);
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return kind(attrs);
        }
    }

    private static Path parentOf(SegmentName name) {
        Path parent = name.path().toAbsolutePath().getParent();
        return parent == null ? name.path() : parent;
    }

    /**
     * An I/O failure as one ShmException: "{@code doing}: the system's reason", with the reason the
     * JDK's exception type gives (no such file, permission denied, no space), else IO_ERROR.
     */
    public static ShmException failure(String doing, IOException e) {
        ShmException.Reason reason = e instanceof NoSuchFileException ? ShmException.Reason.NOT_FOUND
                : e instanceof AccessDeniedException ? ShmException.Reason.PERMISSION_DENIED
                : e instanceof FileAlreadyExistsException ? ShmException.Reason.ALREADY_EXISTS
                : noSpace(e) ? ShmException.Reason.NO_SPACE : ShmException.Reason.IO_ERROR;
        return new ShmException(reason, doing + ": " + reason(e), e);
    }

    /** ENOSPC, which the JDK reports only as its strerror text: the boundary where the OS's words become a reason. */
    private static boolean noSpace(IOException e) {
        return String.valueOf(e.getMessage()).contains("No space left on device");
    }

    /** The operating system's reason without Java's exception class names. */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
