package shmkit.segment;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import shmkit.ShmException;

/**
 * An open segment, for reading: its identity (name, file, size when opened), positional reads,
 * shared locks, change detection, and its mapped memory. {@link WritableSegment} adds writing; a
 * segment opened read-only has no method that could write (read-only is a type, not a check).
 *
 * <p>The whole-file mapping lives exactly as long as this object's confined {@link Arena}: close
 * the segment (try-with-resources) and the memory is unmapped. Mapped memory never leaves this
 * package except behind {@link Memory}, whose every access is guarded; this class is the one
 * place that turns a fault, or a file that ended early, into "shrank / was removed / was replaced".
 *
 * <p>Bulk transfers (chunks, copyTo, transferTo) use positional I/O on the same file rather than
 * the mapping: the bytes are the same page-cache pages, but there is no page fault per 4 KiB, no
 * mapped page in our resident set, and a segment that shrinks under us shows as a short read
 * instead of a fault. Memory stays bounded by one buffer.
 */
public sealed class Segment implements AutoCloseable permits WritableSegment {
    static final int CHUNK = 1 << 20;
    /** Shapes larger than this are reached through windows of this size rather than the whole mapping. */
    public static final long WINDOW = 16 << 20;
    /** Accesses of up to this many bytes use the whole mapping (the shell keeps it for all its commands). */
    public static final long SMALL = 64 << 10;

    final SegmentName name;
    final Backing backing;
    final long size;
    /** For a borrowed view: the segment that owns the channel and the mapping; null when this one does. */
    private final Segment owner;
    private Arena arena;
    private MappedMemory whole;
    /** How many times {@link #memory()} handed out {@link #whole} since it was mapped. */
    private int uses;

    /**
     * The segments open in this process (their roots). The JVM may report a fault in mapped memory
     * a little after the access, outside any try around it (it delivers the error at its next
     * safepoint poll); {@link #faultIn} then finds which segment changed.
     */
    private static final java.util.Set<Segment> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Segment(SegmentName name, Backing backing, long size) {
        this.name = name;
        this.backing = backing;
        this.size = size;
        this.owner = null;
        this.arena = Arena.ofConfined();
        OPEN.add(this);
    }

    /**
     * A fault in mapped memory that surfaced outside the access (see {@link #OPEN}), as the one failure
     * that says what happened: the open segment that was shrunk, removed or replaced, if one was.
     */
    public static ShmException faultIn(InternalError fault) {
        for (Segment segment : OPEN) {
            Change change = segment.harmfulChange();
            if (change != null) {
                return change.failure(" while in use; stopped", fault);
            }
        }
        return new ShmException(ShmException.Reason.SHRANK, "a fault in mapped memory (" + fault.getMessage()
                + "): a segment shrank under us; stopped", fault);
    }

    /** A view of {@code owner} that closing leaves open. */
    Segment(Segment owner) {
        this.name = owner.name;
        this.backing = owner.backing;
        this.size = owner.size;
        this.owner = owner.root();
        this.arena = null;
    }

    final Segment root() {
        return owner != null ? owner : this;
    }

    /**
     * A view of this segment for one command that will close it: closing the view leaves the file and
     * the mapping open (the shell keeps one mapping for all its commands).
     */
    public Segment borrow() {
        return new Segment(this);
    }

    public final SegmentName name() {
        return name;
    }

    /** The size when opened; every access is checked against it. */
    public final long size() {
        return size;
    }

    /** Whether the file was opened for writing (the shell's segment is, when permissions allow). */
    public boolean writable() {
        return false;
    }

    /**
     * Refuses a range that does not lie inside the segment, before anything is touched. Messages name
     * the numbers: "offset 4090 + 15 bytes runs past the end of 'demo' (4096 bytes)".
     */
    public final void checkRange(long offset, long length) {
        if (offset < 0) {
            throw new ShmException(ShmException.Reason.OUT_OF_RANGE, "offset " + offset + " is negative");
        }
        if (length < 0) {
            throw new ShmException(ShmException.Reason.OUT_OF_RANGE, "length " + length + " is negative");
        }
        if (offset > size) {
            throw new ShmException(ShmException.Reason.OUT_OF_RANGE, "offset " + offset + " is past the end of "
                    + name + " (" + size + " bytes)");
        }
        if (length > size - offset) {
            throw new ShmException(ShmException.Reason.OUT_OF_RANGE, "offset " + offset + " + " + length
                    + " bytes runs past the end of " + name + " (" + size + " bytes)");
        }
    }

    // ---- mapped memory ------------------------------------------------------------------------

    /** The whole segment, mapped on first use; valid until {@link #close()}. Every access guarded. */
    public Memory memory() {
        return wholeMapping();
    }

    final MappedMemory wholeMapping() {
        Segment root = root();
        if (root.whole == null) {
            root.whole = new MappedMemory(root, root.arena);
        }
        root.uses++;
        return root.whole;
    }

    /**
     * Runs {@code access} over the bytes {@code [offset, offset + length)}: through the whole mapping
     * when the range is small, else through windows mapped {@link #WINDOW} bytes at a time and all
     * unmapped when it returns, so a range of any size keeps at most one window of pages resident.
     */
    public final <T> T withMemory(long offset, long length, Function<? super Memory, T> access) {
        return withMapped(offset, length, access);
    }

    final <T> T withMapped(long offset, long length, Function<? super MappedMemory, T> access) {
        checkRange(offset, length);
        return length <= SMALL ? access.apply(wholeMapping()) : withWindows(WINDOW, access);
    }

    /** Runs {@code access} over windows of {@code window} bytes, all unmapped when it returns (tests use small ones). */
    final <T> T withWindows(long window, Function<? super MappedMemory, T> access) {
        try (MappedMemory windows = new MappedMemory(this, window)) {
            return access.apply(windows);
        }
    }

    /**
     * Unmaps the whole-file mapping once {@link #memory()} has handed it out {@code maxUses} times, for
     * a segment that outlives many commands (the shell's): each touches a few of its pages (a typed
     * value, an atomic add), and touched pages stay in the resident set until unmapped. The next
     * memory() maps afresh. Call it between commands only, when nobody holds the mapping.
     */
    public final void unmapAfter(int maxUses) {
        if (owner == null && whole != null && uses >= maxUses) {
            whole = null;
            uses = 0;
            arena.close();
            arena = Arena.ofConfined();
        }
    }

    /** Maps part of the segment into {@code into}: the memory lives until that arena closes. */
    final MemorySegment map(long offset, long length, Arena into) {
        checkRange(offset, length);
        try {
            // FileChannel.map of a region past the end of the file grows the file to hold it: a window
            // mapped after a shrink would silently undo the shrink. Refused, as the fault would be.
            long now = backing.size();
            if (now < offset + length) {
                throw changed(now);
            }
            return backing.map(offset, length, writable(), into);
        } catch (IOException e) {
            throw Segments.failure("cannot map " + name + " (" + length + " bytes at offset " + offset + ")", e);
        }
    }

    /**
     * Which pages are in memory, as fincore counts them: mincore on the whole mapping, which reads
     * the kernel's page tables and never touches a page, so it cannot fault however the file changes.
     */
    public final Residency residency(long pageSize, int maxCells) {
        return Residency.measure(wholeMapping().mapped(), pageSize, maxCells);
    }

    // ---- positional reads ---------------------------------------------------------------------

    /** Receives a region chunk by chunk, in a buffer it may only read until it returns. */
    @FunctionalInterface
    public interface Chunk {
        /** @return false to stop early */
        boolean accept(byte[] buffer, int length) throws IOException;
    }

    /** Hands {@code length} bytes at {@code offset} to {@code chunk}, one bounded buffer at a time. */
    public final void chunks(long offset, long length, Chunk chunk) throws IOException {
        checkRange(offset, length);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(length, 1)));
        for (long at = offset; at < offset + length; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), offset + length - at));
            int n = readAt(buffer, at);
            if (!chunk.accept(buffer.array(), n)) {
                return;
            }
            at += n;
        }
    }

    /** Copies {@code length} bytes at {@code offset} out of the segment. */
    public final byte[] read(long offset, int length) {
        byte[] bytes = new byte[length];
        readFully(offset, ByteBuffer.wrap(bytes));
        return bytes;
    }

    /** Streams {@code length} bytes at {@code offset} to {@code out} in bounded memory. */
    public final void copyTo(long offset, long length, OutputStream out) throws IOException {
        chunks(offset, length, (buffer, n) -> {
            out.write(buffer, 0, n);
            return true;
        });
    }

    /**
     * Sends {@code length} bytes at {@code offset} to a channel; to a file descriptor the kernel moves
     * them itself (sendfile), so no byte passes through this process.
     */
    public final void transferTo(long offset, long length, WritableByteChannel out) throws IOException {
        checkRange(offset, length);
        for (long at = offset; at < offset + length; ) {
            long n = backing.transferTo(at, offset + length - at, out);
            if (n <= 0 && backing.size() < offset + length) {
                throw changed(at);
            }
            at += n;
        }
    }

    /** The offset of the first {@code value} in the range, or -1. */
    public final long indexOf(byte value, long offset, long length) throws IOException {
        long[] found = {-1};
        long[] base = {offset};
        chunks(offset, length, (buffer, n) -> {
            for (int i = 0; i < n; i++) {
                if (buffer[i] == value) {
                    found[0] = base[0] + i;
                    return false;
                }
            }
            base[0] += n;
            return true;
        });
        return found[0];
    }

    /**
     * Fills {@code buffer} (its remaining bytes) from the file at {@code offset} by positional reads:
     * no mapped page becomes resident, which is what lets a watch of a gigabyte stay small. A file
     * that ends early shrank under us, and the exception says so, as a fault in the mapping would.
     */
    public final void readFully(long offset, ByteBuffer buffer) {
        checkRange(offset, buffer.remaining());
        try {
            readAt(buffer, offset);
        } catch (IOException e) {
            throw Segments.failure("cannot read " + name, e);
        }
    }

    /** Fills {@code buffer} from the file at {@code position}; a short file means it shrank under us. */
    final int readAt(ByteBuffer buffer, long position) throws IOException {
        int wanted = buffer.remaining();
        while (buffer.hasRemaining()) {
            if (backing.read(buffer, position + wanted - buffer.remaining()) < 0) {
                throw changed(position + wanted - buffer.remaining());
            }
        }
        return wanted;
    }

    // ---- locks --------------------------------------------------------------------------------

    /**
     * Takes a shared POSIX record lock (fcntl, which C's fcntl and Python's fcntl.lockf honour too) on
     * exactly {@code length} bytes at {@code offset}, waiting for it, at most {@code timeout} when not
     * null. Returns null for an empty range (fcntl would read a zero length as "to the end of the file").
     */
    public final Held lockShared(long offset, long length, Duration timeout) {
        return lock(offset, length, true, timeout);
    }

    /** A lock held until closed; closing never fails (a lock the kernel dropped already is released). */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private static Held held(FileLock lock) {
        return () -> {
            try {
                lock.release();
            } catch (IOException ignored) {
                // the channel closed first: the kernel released the lock with it
            }
        };
    }

    final Held lock(long offset, long length, boolean shared, Duration timeout) {
        checkRange(offset, length);
        if (length == 0) {
            return null;
        }
        String what = (shared ? "a shared" : "an exclusive") + " lock on " + length + (length == 1 ? " byte" : " bytes")
                + " at offset " + offset + " of " + name;
        FileChannel channel = backing.lockable(name);
        try {
            if (timeout == null) {
                return held(channel.lock(offset, length, shared));
            }
            long nanos = timeout.toNanos();
            long deadline = System.nanoTime() + nanos;
            long pause = 1;
            while (true) {
                FileLock lock = channel.tryLock(offset, length, shared);
                if (lock != null) {
                    return held(lock);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new ShmException(ShmException.Reason.TIMED_OUT, "gave up waiting for " + what + " after "
                            + timeout.toMillis() + " ms");
                }
                LockSupport.parkNanos(Math.min(pause, deadline - System.nanoTime()));
                pause = Math.min(pause * 2, 10_000_000L);
            }
        } catch (OverlappingFileLockException e) {
            throw new ShmException(ShmException.Reason.BUSY, "this process already holds a lock overlapping " + what);
        } catch (IOException e) {
            throw Segments.failure("cannot take " + what, e);
        }
    }

    /**
     * An --offset as commands take it: 0 or more from the start, or negative, counting back from the
     * end ({@code -16}: the last 16 bytes, as {@code xxd -s -16}). One reaching before the start is
     * refused, as xxd refuses it ("cannot seek").
     */
    public final long offsetFrom(long offset) {
        if (offset >= 0) {
            return offset;
        }
        long size = size();
        if (-offset > size) {
            long before = -offset - size;
            throw new ShmException(ShmException.Reason.OUT_OF_RANGE, "--offset " + offset + " reaches " + before
                    + (before == 1 ? " byte" : " bytes") + " before the start of " + name + " (" + size + " bytes)");
        }
        return size + offset;
    }

    // ---- what became of it --------------------------------------------------------------------

    /**
     * Says what became of the segment since it was opened, or null when it looks the same: for a
     * name in a folder, removed, replaced, shrunk or grown; for a process's memory, the process
     * exited or let go of it; for a System V segment, removed (IPC_RMID) or marked for removal.
     */
    public final Change change() {
        return backing.change(name, size);
    }

    /** Whether the two were opened on the same file (by its identity, not its name), open or closed since. */
    public final boolean sameFile(Segment other) {
        return other != null && Objects.equals(backing.identity(), other.backing.identity());
    }

    /** The harmful change (removed, replaced, shrunk) since it was opened, or null; a segment that grew is fine. */
    public final Change harmfulChange() {
        try {
            Change change = change();
            return change != null && change.harmful() ? change : null;
        } catch (ShmException e) {
            return null; // the name cannot be looked at: the access itself will tell
        }
    }

    /**
     * After a long transfer: refuses to call it a success when the name no longer holds what was read
     * or written (removed, replaced, shrunk). A segment that only grew is fine.
     */
    public final void requireUnchanged(String doing) {
        Change change = harmfulChange();
        if (change != null) {
            throw change.failure(" while " + doing + (change.kind() == Change.Kind.SHRANK ? ""
                    : "; the bytes went to the file it was when opened"), null);
        }
    }

    /** The file ended at {@code at} while in use: says why, as a fault in the mapping would. */
    final ShmException changed(long at) {
        Change change = harmfulChange();
        return change != null ? change.failure(" while in use; stopped", null)
                : new ShmException(ShmException.Reason.SHRANK, name + " ended at offset " + at + " while in use; stopped");
    }

    /**
     * A fault in mapped memory (the file shrank under us: SIGBUS, which the JVM turns into an
     * InternalError), as the one failure that says what happened to the segment. Public for a loop
     * that sees the JVM report a fault a little after the access that caused it.
     */
    public final ShmException faulted(InternalError fault) {
        Change change = harmfulChange();
        return change != null ? change.failure(" while in use; stopped", fault)
                : new ShmException(ShmException.Reason.SHRANK, name + " faulted (" + fault.getMessage()
                        + ") while in use; stopped", fault);
    }

    /** Set by the first {@link #close}: closing again does nothing, as Closeable asks. */
    private boolean closed;

    @Override
    public void close() {
        if (owner != null || closed) {
            return;
        }
        closed = true;
        OPEN.remove(this);
        try {
            arena.close();
        } finally {
            try {
                backing.close();
            } catch (IOException ignored) {
                // closing a file we only read or mapped reports nothing we could act on
            }
        }
    }
}
