package shmkit.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongPredicate;

/**
 * An open segment that may be written: positional writes checked against the size before and
 * after, exclusive locks, msync, and writable mapped memory. Every write is refused whole, before a
 * byte moves, when it does not fit.
 */
public final class WritableSegment extends Segment {
    WritableSegment(SegmentName name, Backing backing, long size) {
        super(name, backing, size);
    }

    private WritableSegment(WritableSegment owner) {
        super(owner);
    }

    @Override
    public WritableSegment borrow() {
        return new WritableSegment(this);
    }

    @Override
    public boolean writable() {
        return true;
    }

    /** The whole segment, mapped read-write on first use; valid until {@link #close()}. */
    @Override
    public WritableMemory memory() {
        return wholeMapping();
    }

    /** As {@link #withMemory}, with memory that can be written. */
    public <T> T withWritableMemory(long offset, long length, Function<? super WritableMemory, T> access) {
        return withMapped(offset, length, access);
    }

    /** Takes an exclusive POSIX record lock on exactly these bytes; see {@link #lockShared}. */
    public Held lockExclusive(long offset, long length, Duration timeout) {
        return lock(offset, length, false, timeout);
    }

    /** Copies {@code bytes} into the segment at {@code offset}; refused whole if it does not fit. */
    public void write(long offset, byte[] bytes) {
        write(offset, bytes, 0, bytes.length);
    }

    /** Writes the buffer's remaining bytes at {@code offset} (all or none: a short segment is refused first). */
    public void write(long offset, ByteBuffer bytes) {
        checkRange(offset, bytes.remaining());
        try {
            writeAt(bytes, offset);
        } catch (IOException e) {
            throw Segments.failure("cannot write to " + name, e);
        }
    }

    /**
     * Positional I/O, small writes too: the first copy into mapped memory costs a JVM ~18 ms of
     * one-time set-up (method handles the AOT cache cannot keep), a pwrite ~0.1 ms (docs/benchmarks.md).
     * Typed values still go through the mapping: they need its atomic accesses.
     */
    public void write(long offset, byte[] bytes, int from, int length) {
        checkRange(offset, length);
        try {
            writeAt(ByteBuffer.wrap(bytes, from, length), offset);
        } catch (IOException e) {
            throw Segments.failure("cannot write to " + name, e);
        }
    }

    /** Sets {@code length} bytes at {@code offset} to {@code value}. */
    public void fill(long offset, long length, byte value) {
        checkRange(offset, length);
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(CHUNK, Math.max(length, 1)));
        while (buffer.hasRemaining()) {
            buffer.put(value);
        }
        try {
            for (long at = offset; at < offset + length; ) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), offset + length - at));
                at += writeAt(buffer, at);
            }
        } catch (IOException e) {
            throw Segments.failure("cannot write to " + name, e);
        }
    }

    /**
     * Streams from {@code in} into the segment at {@code offset}, at most {@code limit} bytes, in
     * bounded memory; returns how many bytes were copied (fewer when the input ended first).
     * {@code carryOn} is asked, with the count so far, before each chunk: false stops the copy there
     * (an interrupt), and the count returned says how far it got.
     */
    public long copyFrom(ReadableByteChannel in, long offset, long limit, LongPredicate carryOn) throws IOException {
        checkRange(offset, limit);
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(STREAM_CHUNK, Math.max(limit, 1)));
        long copied = 0;
        boolean ended = false;
        while (copied < limit && !ended && carryOn.test(copied)) {
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
     * The same from a regular file, which the kernel copies into the segment without passing through
     * this process (copy_file_range): {@value #TRANSFER_CHUNK} bytes at a time, each checked against a
     * shrink before and after as {@link #copyFrom} checks its chunks, and {@code carryOn} asked
     * before each. Reads from the file's position on, and moves it.
     */
    public long copyFromFile(FileChannel in, long offset, long limit, LongPredicate carryOn) throws IOException {
        checkRange(offset, limit);
        long copied = 0;
        while (copied < limit && carryOn.test(copied)) {
            long n = Math.min(TRANSFER_CHUNK, limit - copied);
            long at = offset + copied;
            if (backing.size() < at + n) {
                throw changed(at);
            }
            long moved = backing.transferFrom(in, at, n);
            if (backing.size() < size) {
                throw changed(at);
            }
            if (moved <= 0) {
                break;
            }
            copied += moved;
        }
        return copied;
    }

    /**
     * What {@link #copyFrom} reads before it writes: a pipe's default capacity. The bytes a read
     * brings in are still in the core's cache when the write copies them on, as with dd, which
     * writes each read as it comes; a 1 MiB buffer, twice this core's L2 cache, made the second copy
     * read from memory: 1 GiB through a pipe took 1.15x dd's time that way, ~0.8x as long as before
     * (docs/benchmarks.md).
     */
    static final int STREAM_CHUNK = 64 << 10;

    /** What {@link #copyFromFile} asks the kernel to copy at a time: small enough for an interrupt and a meter to follow. */
    private static final int TRANSFER_CHUNK = 8 << 20;

    /** msync(MS_SYNC) of a range, so it reaches the file (for a disk file: the disk); failures are reported. */
    public void sync(long offset, long length) {
        checkRange(offset, length);
        if (length > 0) {
            withWritableMemory(offset, length, memory -> {
                memory.force(offset, length);
                return null;
            });
        }
    }

    /**
     * Writes all of {@code buffer} at {@code position}. Checks the size before and after: a write past
     * the end of a file that shrank under us would silently grow it back. Only a shrink that lands in
     * the microseconds between the check and the write can do that, and the check after names it.
     */
    private int writeAt(ByteBuffer buffer, long position) throws IOException {
        int length = buffer.remaining();
        if (backing.size() < position + length) {
            throw changed(position);
        }
        while (buffer.hasRemaining()) {
            backing.write(buffer, position + length - buffer.remaining());
        }
        if (backing.size() < size) {
            throw changed(position);
        }
        return length;
    }
}
