package shmkit.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Objects;
import java.util.function.Supplier;
import shmkit.ShmException;

/**
 * An open segment: its file channel and, once asked for, a mapping of the whole file. The mapping
 * lives exactly as long as this object's confined {@link Arena}: close the region (try-with-resources)
 * and the memory is unmapped. Every access is bounds-checked against the size seen at open, and a
 * fault in mapped memory (the file shrank, the JVM throws InternalError) becomes a ShmException
 * saying what happened to the segment. Mapped memory is never handed to native code.
 */
public final class Region implements AutoCloseable {
    private static final int CHUNK = 1 << 20;

    private final SegmentName name;
    private final FileChannel channel;
    private final long size;
    private final Object fileKey;
    private final boolean writable;
    private Arena arena;
    private MemorySegment whole;
    /** How many times {@link #memory()} handed out {@link #whole} since it was mapped. */
    private int uses;
    /** For a borrowed view: the region that owns the channel and the mapping; null when this one does. */
    private final Region owner;

    Region(SegmentName name, FileChannel channel, long size, Object fileKey, boolean writable) {
        this.name = name;
        this.channel = channel;
        this.size = size;
        this.fileKey = fileKey;
        this.writable = writable;
        this.arena = Arena.ofConfined();
        this.owner = null;
    }

    private Region(Region owner) {
        this.name = owner.name;
        this.channel = owner.channel;
        this.size = owner.size;
        this.fileKey = owner.fileKey;
        this.writable = owner.writable;
        this.arena = null;
        this.owner = owner;
    }

    /**
     * A view of this region for one command that will close it: closing the view leaves the file and
     * the mapping open (the shell keeps one mapping for all its commands).
     */
    public Region borrow() {
        return new Region(owner != null ? owner : this);
    }

    public SegmentName name() {
        return name;
    }

    public long size() {
        return size;
    }

    public boolean writable() {
        return writable;
    }

    /**
     * Refuses a range that does not lie inside the segment, before anything is touched. Messages name
     * the numbers: "offset 4090 + 15 bytes runs past the end of 'demo' (4096 bytes)".
     */
    public void checkRange(long offset, long length) {
        if (offset < 0) {
            throw ShmException.usage("offset " + offset + " is negative");
        }
        if (length < 0) {
            throw ShmException.usage("length " + length + " is negative");
        }
        if (offset > size) {
            throw ShmException.usage("offset " + offset + " is past the end of " + name + " (" + size + " bytes)");
        }
        if (length > size - offset) {
            throw ShmException.usage("offset " + offset + " + " + length + " bytes runs past the end of " + name
                    + " (" + size + " bytes)");
        }
    }

    /** The whole segment, mapped on first use; valid until {@link #close()}. Checked accesses only. */
    public MemorySegment memory() {
        if (owner != null) {
            return owner.memory();
        }
        if (whole == null) {
            whole = map(0, size);
        }
        uses++;
        return whole;
    }

    /**
     * Unmaps the whole-file mapping once {@link #memory()} has handed it out {@code maxUses} times, for
     * a region that outlives many commands (the shell's): each touches a few of its pages (a typed
     * value, an atomic add), and touched pages stay in the resident set until unmapped. The next
     * memory() maps afresh. Call it between commands only, when nobody holds the mapping.
     */
    public void unmapAfter(int maxUses) {
        if (owner == null && whole != null && uses >= maxUses) {
            whole = null;
            uses = 0;
            arena.close();
            arena = Arena.ofConfined();
        }
    }

    private MemorySegment map(long offset, long length) {
        return map(offset, length, arena);
    }

    /**
     * Maps part of the segment into {@code owner}: the memory lives until that arena closes, and the
     * pages touched leave the resident set then, so bulk work maps a window at a time. Checked
     * accesses only, inside {@link #guard}.
     */
    public MemorySegment map(long offset, long length, Arena owner) {
        checkRange(offset, length);
        try {
            return channel.map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY,
                    offset, length, owner);
        } catch (IOException e) {
            throw ShmException.failure("cannot map " + name + " (" + length + " bytes at offset " + offset + "): "
                    + Segments.reason(e), e);
        }
    }

    /** Copies {@code length} bytes at {@code offset} out of the segment. */
    public byte[] read(long offset, int length) {
        checkRange(offset, length);
        byte[] bytes = new byte[length];
        guard(() -> {
            MemorySegment.copy(memory(), ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
            return null;
        });
        return bytes;
    }

    /** Copies {@code bytes} into the segment at {@code offset}; refused whole if it does not fit. */
    public void write(long offset, byte[] bytes) {
        write(offset, bytes, 0, bytes.length);
    }

    /**
     * Positional I/O like the bulk transfers below, small writes too: the first copy into mapped memory
     * costs a JVM ~18 ms of one-time set-up (method handles the AOT cache cannot keep), a pwrite ~0.1 ms
     * (docs/benchmarks.md). Typed values still go through the mapping: they need its atomic accesses.
     */
    public void write(long offset, byte[] bytes, int from, int length) {
        checkRange(offset, length);
        requireWritable();
        try {
            writeAt(ByteBuffer.wrap(bytes, from, length), offset);
        } catch (IOException e) {
            throw ShmException.failure("cannot write to " + name + ": " + Segments.reason(e), e);
        }
    }

    /** Sets {@code length} bytes at {@code offset} to {@code value}. */
    public void fill(long offset, long length, byte value) throws IOException {
        checkRange(offset, length);
        requireWritable();
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(CHUNK, Math.max(length, 1)));
        while (buffer.hasRemaining()) {
            buffer.put(value);
        }
        for (long at = offset; at < offset + length; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), offset + length - at));
            at += writeAt(buffer, at);
        }
    }

    /** Receives a region chunk by chunk, in a buffer it may only read until it returns. */
    @FunctionalInterface
    public interface Chunk {
        /** @return false to stop early */
        boolean accept(byte[] buffer, int length) throws IOException;
    }

    /*
     * Bulk transfers (chunks, copyTo, copyFrom, fill) use positional I/O on the same file rather than
     * the mapping: the bytes are the same page-cache pages, but there is no page fault per 4 KiB, no
     * mapped page in our resident set, and a segment that shrinks under us shows as a short read or a
     * size check instead of a fault. Memory stays bounded by one buffer.
     */

    /** Hands {@code length} bytes at {@code offset} to {@code chunk}, one bounded buffer at a time. */
    public void chunks(long offset, long length, Chunk chunk) throws IOException {
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

    /** Streams {@code length} bytes at {@code offset} to {@code out} in bounded memory. */
    public void copyTo(long offset, long length, OutputStream out) throws IOException {
        chunks(offset, length, (buffer, n) -> {
            out.write(buffer, 0, n);
            return true;
        });
    }

    /**
     * Sends {@code length} bytes at {@code offset} to a channel; to a file descriptor the kernel moves
     * them itself (sendfile), so no byte passes through this process.
     */
    public void transferTo(long offset, long length, WritableByteChannel out) throws IOException {
        checkRange(offset, length);
        for (long at = offset; at < offset + length; ) {
            long n = channel.transferTo(at, offset + length - at, out);
            if (n <= 0 && channel.size() < offset + length) {
                throw changed(at);
            }
            at += n;
        }
    }

    /** The offset of the first {@code value} in the range, or -1. */
    public long indexOf(byte value, long offset, long length) throws IOException {
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
     * Streams from {@code in} into the segment at {@code offset}, at most {@code limit} bytes, in
     * bounded memory; returns how many bytes were copied (fewer when the input ended first).
     */
    public long copyFrom(ReadableByteChannel in, long offset, long limit) throws IOException {
        checkRange(offset, limit);
        requireWritable();
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(CHUNK, Math.max(limit, 1)));
        long copied = 0;
        boolean ended = false;
        while (copied < limit && !ended) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), limit - copied));
            while (buffer.hasRemaining()) {
                if (in.read(buffer) < 0) {
                    ended = true;
                    break;
                }
            }
            buffer.flip();
            copied += writeAt(buffer, offset + copied);
        }
        return copied;
    }

    /**
     * Fills {@code buffer} (its remaining bytes) from the file at {@code offset} by positional reads:
     * no mapped page becomes resident, which is what lets a watch of a gigabyte stay small. A file
     * that ends early shrank under us, and the exception says so, as a fault in the mapping would.
     */
    public void readFully(long offset, ByteBuffer buffer) {
        checkRange(offset, buffer.remaining());
        try {
            readAt(buffer, offset);
        } catch (IOException e) {
            throw ShmException.failure("cannot read " + name + ": " + Segments.reason(e), e);
        }
    }

    /** Fills {@code buffer} from the file at {@code position}; a short file means it shrank under us. */
    private int readAt(ByteBuffer buffer, long position) throws IOException {
        int wanted = buffer.remaining();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + wanted - buffer.remaining()) < 0) {
                throw changed(position + wanted - buffer.remaining());
            }
        }
        return wanted;
    }

    /**
     * Writes all of {@code buffer} at {@code position}. Checks the size before and after: a write past
     * the end of a file that shrank under us would silently grow it back. Only a shrink that lands in
     * the microseconds between the check and the write can do that, and the check after names it.
     */
    private int writeAt(ByteBuffer buffer, long position) throws IOException {
        int length = buffer.remaining();
        if (channel.size() < position + length) {
            throw changed(position);
        }
        while (buffer.hasRemaining()) {
            channel.write(buffer, position + length - buffer.remaining());
        }
        if (channel.size() < size) {
            throw changed(position);
        }
        return length;
    }

    private ShmException changed(long at) {
        String change = whatChanged();
        return ShmException.failure((change != null ? change : name + " ended at offset " + at) + " while in use; stopped");
    }

    /**
     * Takes a POSIX record lock (fcntl, which C's fcntl and Python's fcntl.lockf honour too) on exactly
     * {@code length} bytes at {@code offset}: shared for reading, exclusive for writing. Waits for it,
     * at most {@code timeoutNanos} when that is not negative. Returns null for an empty range (fcntl
     * would read a zero length as "to the end of the file").
     */
    public AutoCloseable lock(long offset, long length, boolean shared, long timeoutNanos) {
        checkRange(offset, length);
        if (length == 0) {
            return null;
        }
        String what = (shared ? "a shared" : "an exclusive") + " lock on " + length + (length == 1 ? " byte" : " bytes") + " at offset " + offset
                + " of " + name;
        try {
            if (timeoutNanos < 0) {
                return channel.lock(offset, length, shared);
            }
            long deadline = System.nanoTime() + timeoutNanos;
            long pause = 1;
            while (true) {
                java.nio.channels.FileLock lock = channel.tryLock(offset, length, shared);
                if (lock != null) {
                    return lock;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new ShmException(ShmException.TIMEOUT, "gave up waiting for " + what + " after "
                            + java.time.Duration.ofNanos(timeoutNanos).toMillis() + " ms");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(pause, deadline - System.nanoTime()));
                pause = Math.min(pause * 2, 10_000_000L);
            }
        } catch (java.nio.channels.NonWritableChannelException | java.nio.channels.NonReadableChannelException e) {
            throw new IllegalStateException(name + " was not opened for " + what, e);
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw ShmException.failure("this process already holds a lock overlapping " + what);
        } catch (IOException e) {
            throw ShmException.failure("cannot take " + what + ": " + Segments.reason(e), e);
        }
    }

    /** msync(MS_SYNC) of a range, so it reaches the file (for a disk file: the disk); failures are reported. */
    public void sync(long offset, long length) {
        checkRange(offset, length);
        if (length == 0) {
            return;
        }
        guard(() -> {
            try {
                memory().asSlice(offset, length).force();
            } catch (UncheckedIOException e) {
                throw ShmException.failure("msync of " + name + " (" + length + " bytes at offset " + offset
                        + ") failed: " + Segments.reason(e.getCause()), e);
            }
            return null;
        });
    }

    /**
     * Runs an access to mapped memory; a fault (the file shrank under us: SIGBUS, which the JVM turns
     * into InternalError) becomes one clear ShmException that says what happened to the segment.
     */
    public <T> T guard(Supplier<T> access) {
        try {
            return access.get();
        } catch (InternalError e) {
            throw changedUnderUs(e);
        }
    }

    /** What became of a segment since it was opened. */
    public enum ChangeKind { REMOVED, REPLACED, SHRANK, GREW }

    public record Change(ChangeKind kind, String message) {
        /** Removed, replaced or shrunk: what was read or written is not what the name holds now. */
        public boolean harmful() {
            return kind != ChangeKind.GREW;
        }
    }

    /** Says what became of the segment since it was opened, or null when it looks the same. */
    public Change change() {
        PosixFileAttributes now = Segments.statOrNull(name.path());
        if (now == null) {
            return new Change(ChangeKind.REMOVED, name + " was removed");
        }
        if (!Objects.equals(now.fileKey(), fileKey)) {
            return new Change(ChangeKind.REPLACED, name + " was replaced by another file");
        }
        long current;
        try {
            current = channel.size();
        } catch (IOException e) {
            current = now.size();
        }
        if (current < size) {
            return new Change(ChangeKind.SHRANK, name + " shrank from " + size + " to " + current + " bytes");
        }
        if (current > size) {
            return new Change(ChangeKind.GREW, name + " grew from " + size + " to " + current + " bytes");
        }
        return null;
    }

    /** {@link #change()}'s message, or null. */
    public String whatChanged() {
        try {
            Change change = change();
            return change == null ? null : change.message();
        } catch (ShmException e) {
            return e.getMessage();
        }
    }

    /**
     * After a long transfer: refuses to call it a success when the name no longer holds what was read
     * or written (removed, replaced, shrunk). A segment that only grew is fine.
     */
    public void requireUnchanged(String doing) {
        Change change = change();
        if (change != null && change.harmful()) {
            throw ShmException.failure(change.message() + " while " + doing
                    + (change.kind() == ChangeKind.SHRANK ? "" : "; the bytes went to the file it was when opened"));
        }
    }

    private ShmException changedUnderUs(InternalError fault) {
        String change = whatChanged();
        return ShmException.failure((change != null ? change : name + " faulted (" + fault.getMessage() + ")")
                + " while in use; stopped", fault);
    }

    private void requireWritable() {
        if (!writable) {
            throw new IllegalStateException(name + " was opened read-only");
        }
    }

    @Override
    public void close() {
        if (owner != null) {
            return;
        }
        try {
            arena.close();
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a file we only read or mapped reports nothing we could act on
            }
        }
    }
}
