package shmkit.value;

import java.lang.foreign.MemorySegment;

/**
 * The bytes a shape reads or writes, reached through a window: {@link #cover} returns memory that
 * holds the range asked for, and may unmap what it returned before. Read through windows of mapped
 * memory, a shape of any size keeps at most one window of pages resident (a mapped page that is
 * touched counts towards the resident set until it is unmapped). Over one segment that holds all
 * the bytes (a snapshot, a small mapping) the window is that segment.
 */
public interface Window {
    /**
     * Memory in which bytes {@code [offset, offset + length)} lie at index {@code offset - start()}
     * (keep {@code length} small: a value, or a chunk); valid until the next call.
     */
    MemorySegment cover(long offset, long length);

    /** The offset that index 0 of the memory {@link #cover} last returned stands for. */
    long start();

    /** All of {@code memory}, offsets being its indexes. */
    static Window of(MemorySegment memory) {
        return new Window() {
            @Override
            public MemorySegment cover(long offset, long length) {
                return memory;
            }

            @Override
            public long start() {
                return 0;
            }
        };
    }
}
