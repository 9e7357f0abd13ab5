package shmkit.watch;

import java.lang.foreign.MemorySegment;

/**
 * A watched range's bytes as listeners and line formats read them: copied into the reader's own
 * array, never handed out as mapped memory, and never all at once (a range may be a gigabyte). A
 * watch's value stays valid until the watch is closed, on the watch's thread. Where the bytes come
 * from is the {@link Watcher}'s business: its private copy of a small range (as the last poll saw
 * it), or for a large one its copies of the pages it compares at every poll and, for the rest, the
 * file as it is now.
 */
public interface WatchedBytes {
    long length();

    /** Copies {@code n} bytes at {@code from} (relative to the range's start) into {@code into} at {@code at}. */
    void copy(long from, byte[] into, int at, int n);

    /** {@code n} bytes at {@code from}, in a new array. */
    default byte[] bytes(long from, int n) {
        byte[] bytes = new byte[n];
        copy(from, bytes, 0, n);
        return bytes;
    }

    /** Bytes that are already in memory (tests; a value formatted on its own). */
    static WatchedBytes of(byte[] bytes) {
        return of(MemorySegment.ofArray(bytes));
    }

    /** A view of a segment the caller owns: private memory, never a mapping. */
    static WatchedBytes of(MemorySegment memory) {
        return new WatchedBytes() {
            @Override
            public long length() {
                return memory.byteSize();
            }

            @Override
            public void copy(long from, byte[] into, int at, int n) {
                // Segment to segment: the copy into an array with a layout picks its path by a type
                // switch, a class spun at its first use in every run (~10 ms), which the AOT cache cannot keep.
                MemorySegment.copy(memory, from, MemorySegment.ofArray(into), at, n);
            }
        };
    }
}
