package shmkit.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import shmkit.segment.Region;
import shmkit.value.Window;

/**
 * A region's bytes for typed reads and writes, mapped a window at a time: each window lives in an
 * arena of its own, closed (so unmapped) before the next is mapped and when this closes. A shape of
 * any size then keeps at most one window of touched pages resident, and none of them stays mapped
 * after the command: the shell's long-lived mapping never sees them. Owns the current window.
 */
final class MappedWindows implements Window, AutoCloseable {
    /** The most mapped at once. */
    static final long SIZE = 16 << 20;

    private final Region region;
    private final long size;
    private Arena arena;
    private MemorySegment memory;
    private long start;

    MappedWindows(Region region) {
        this(region, SIZE);
    }

    /** Windows of {@code size} bytes (tests use small ones, to cross many edges). */
    MappedWindows(Region region, long size) {
        this.region = region;
        this.size = size;
    }

    @Override
    public MemorySegment cover(long offset, long length) {
        if (memory == null || offset < start || offset + length > start + memory.byteSize()) {
            close();
            arena = Arena.ofConfined();
            memory = region.map(offset, Math.max(length, Math.min(size, region.size() - offset)), arena);
            start = offset;
        }
        return memory;
    }

    @Override
    public long start() {
        return start;
    }

    @Override
    public void close() {
        if (arena != null) {
            memory = null;
            arena.close();
            arena = null;
        }
    }
}
