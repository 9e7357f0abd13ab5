package shmkit.segment;

import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import shmkit.ShmException;

/**
 * A segment's mapped bytes, the only holder of mapped memory in shm. Two ways:
 * <ul>
 * <li>whole: one mapping of the entire file in the segment's arena, made on first use and valid
 *     until the segment closes ({@link Segment#memory()});</li>
 * <li>windowed: at most {@code window} bytes mapped at a time, each window in an arena of its own
 *     that is closed (so unmapped, its touched pages leaving the resident set) before the next is
 *     mapped and when this closes; a shape of any size then costs one window of memory.</li>
 * </ul>
 */
final class MappedMemory extends AbstractMemory implements AutoCloseable {
    private final Segment owner;
    private final long window;
    private Arena arena;
    private MemorySegment memory;
    private long start;

    /** The whole segment, mapped in {@code arena} (owned by the segment). */
    MappedMemory(Segment owner, Arena arena) {
        super(owner.size());
        this.owner = owner;
        this.window = 0;
        this.memory = owner.map(0, owner.size(), arena);
    }

    /** Windows of {@code window} bytes, mapped as accesses need them. */
    MappedMemory(Segment owner, long window) {
        super(owner.size());
        this.owner = owner;
        this.window = window;
    }

    @Override
    MemorySegment cover(long offset, long length) {
        if (window > 0 && (memory == null || offset < start || offset + length > start + memory.byteSize())) {
            close();
            arena = Arena.ofConfined();
            long span = Math.max(length, Math.min(window, size() - offset));
            memory = owner.map(offset, span, arena);
            start = offset;
        }
        return memory;
    }

    @Override
    long start() {
        return start;
    }

    @Override
    boolean canFault() {
        return true;
    }

    @Override
    ShmException fault(InternalError fault) {
        return owner.faulted(fault);
    }

    @Override
    public void force(long offset, long length) {
        check(offset, length);
        if (length == 0) {
            return;
        }
        try {
            for (long done = 0; done < length; ) {
                long n = window > 0 ? Math.min(window, length - done) : length;
                MemorySegment part = cover(offset + done, n).asSlice(offset + done - start, n);
                if (part.isMapped()) { // System V memory has no file to write back to: nothing to sync
                    part.force();
                }
                done += n;
            }
        } catch (UncheckedIOException e) {
            throw new ShmException(ShmException.Reason.IO_ERROR, "msync of " + owner.name() + " (" + length
                    + " bytes at offset " + offset + ") failed: " + Segments.reason(e.getCause()), e);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /** For the whole mapping, mincore's view of it: which pages are resident (never touching one). */
    MemorySegment mapped() {
        return memory;
    }

    /** Unmaps the current window; the whole mapping lives as long as its segment's arena. */
    @Override
    public void close() {
        if (window > 0 && arena != null) {
            memory = null;
            arena.close();
            arena = null;
        }
    }
}
