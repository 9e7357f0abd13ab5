package shmkit.segment;

import java.io.IOException;
import java.io.InputStream;
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
    /** Bulk copies map at most this much at a time, so touched pages leave the resident set again. */
    static final long WINDOW = 16L << 20;
    private static final int CHUNK = 1 << 20;

    private final SegmentName name;
    private final FileChannel channel;
    private final long size;
    private final Object fileKey;
    private final boolean writable;
    private final Arena arena = Arena.ofConfined();
    private MemorySegment whole;

    Region(SegmentName name, FileChannel channel, long size, Object fileKey, boolean writable) {
        this.name = name;
        this.channel = channel;
        this.size = size;
        this.fileKey = fileKey;
        this.writable = writable;
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
        if (whole == null) {
            whole = map(0, size);
        }
        return whole;
    }

    private MemorySegment map(long offset, long length) {
        return map(offset, length, arena);
    }

    private MemorySegment map(long offset, long length, Arena owner) {
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

    public void write(long offset, byte[] bytes, int from, int length) {
        checkRange(offset, length);
        requireWritable();
        guard(() -> {
            MemorySegment.copy(bytes, from, memory(), ValueLayout.JAVA_BYTE, offset, length);
            return null;
        });
    }

    /** Sets {@code length} bytes at {@code offset} to {@code value}. */
    public void fill(long offset, long length, byte value) {
        checkRange(offset, length);
        requireWritable();
        forEachWindow(offset, length, window -> window.fill(value));
    }

    /** Receives a region chunk by chunk, in a buffer it may only read until it returns. */
    @FunctionalInterface
    public interface Chunk {
        /** @return false to stop early */
        boolean accept(byte[] buffer, int length) throws IOException;
    }

    /**
     * Hands {@code length} bytes at {@code offset} to {@code chunk}, one bounded buffer at a time
     * (copied out of the mapping first, so a fault is caught here and never in the caller's code).
     */
    public void chunks(long offset, long length, Chunk chunk) throws IOException {
        checkRange(offset, length);
        byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(length, 1))];
        IOException[] failure = new IOException[1];
        boolean[] stopped = new boolean[1];
        forEachWindow(offset, length, window -> {
            for (long at = 0; at < window.byteSize() && failure[0] == null && !stopped[0]; at += buffer.length) {
                int n = (int) Math.min(buffer.length, window.byteSize() - at);
                MemorySegment.copy(window, ValueLayout.JAVA_BYTE, at, buffer, 0, n);
                try {
                    stopped[0] = !chunk.accept(buffer, n);
                } catch (IOException e) {
                    failure[0] = e;
                }
            }
        }, () -> failure[0] != null || stopped[0]);
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** Streams {@code length} bytes at {@code offset} to {@code out} in bounded memory. */
    public void copyTo(long offset, long length, OutputStream out) throws IOException {
        chunks(offset, length, (buffer, n) -> {
            out.write(buffer, 0, n);
            return true;
        });
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
    public long copyFrom(InputStream in, long offset, long limit) throws IOException {
        checkRange(offset, limit);
        requireWritable();
        byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(limit, 1))];
        long[] copied = {0};
        boolean[] ended = {false};
        IOException[] failure = new IOException[1];
        forEachWindow(offset, limit, window -> {
            long at = 0;
            while (at < window.byteSize() && !ended[0] && failure[0] == null) {
                int want = (int) Math.min(buffer.length, window.byteSize() - at);
                int n;
                try {
                    n = in.readNBytes(buffer, 0, want);
                } catch (IOException e) {
                    failure[0] = e;
                    return;
                }
                MemorySegment.copy(buffer, 0, window, ValueLayout.JAVA_BYTE, at, n);
                at += n;
                copied[0] += n;
                ended[0] = n < want;
            }
        }, () -> ended[0] || failure[0] != null);
        if (failure[0] != null) {
            throw failure[0];
        }
        return copied[0];
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

    private void forEachWindow(long offset, long length, java.util.function.Consumer<MemorySegment> action) {
        forEachWindow(offset, length, action, () -> false);
    }

    /** Maps the range a window at a time (the whole mapping when it is small) until {@code done}. */
    private void forEachWindow(long offset, long length, java.util.function.Consumer<MemorySegment> action,
                               java.util.function.BooleanSupplier done) {
        if (length <= WINDOW) {
            guard(() -> {
                action.accept(memory().asSlice(offset, length));
                return null;
            });
            return;
        }
        for (long at = offset; at < offset + length && !done.getAsBoolean(); at += WINDOW) {
            long n = Math.min(WINDOW, offset + length - at);
            long from = at;
            // A window of its own: closing its arena unmaps it, so its pages leave the resident set.
            try (Arena windowArena = Arena.ofConfined()) {
                guard(() -> {
                    action.accept(map(from, n, windowArena));
                    return null;
                });
            }
        }
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

    /** Says what became of the segment since it was opened, or null when it looks the same. */
    public String whatChanged() {
        PosixFileAttributes now;
        try {
            now = Segments.statOrNull(name.path());
        } catch (ShmException e) {
            return e.getMessage();
        }
        if (now == null) {
            return name + " was removed";
        }
        if (!Objects.equals(now.fileKey(), fileKey)) {
            return name + " was replaced by another file";
        }
        if (now.size() < size) {
            return name + " shrank from " + size + " to " + now.size() + " bytes";
        }
        if (now.size() > size) {
            return name + " grew from " + size + " to " + now.size() + " bytes";
        }
        return null;
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
