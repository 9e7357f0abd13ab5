package shmkit.segment;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Bytes of a segment to read in place, by segment offset: the read side of mapped memory (after
 * agrona's {@code DirectBuffer}). Every access is bounds-checked and guarded: a fault because the
 * file shrank under us becomes a {@link shmkit.ShmException} whose reason says what happened
 * (shrank, removed, replaced). The memory ordering is in the method's name: a plain
 * {@code getInt} may be torn or reordered, a {@code getIntVolatile} is one atomic load and needs
 * an aligned offset ({@link #isAligned}).
 *
 * <p>Instances come from {@link Segment#memory()} (the whole segment, valid until the segment
 * closes) or {@link Segment#withMemory} (windows mapped a part at a time), and from
 * {@link #ofArray} and {@link #of} for memory of our own (tests, snapshots).
 */
public interface Memory {
    /** How many bytes the segment had when opened: offsets run from 0 to this. */
    long size();

    /** Whether {@code offset} is naturally aligned for a value of {@code size} bytes (atomics need it). */
    boolean isAligned(long offset, int size);

    byte getByte(long offset);

    short getShort(long offset, ByteOrder order);

    int getInt(long offset, ByteOrder order);

    long getLong(long offset, ByteOrder order);

    short getShortVolatile(long offset, ByteOrder order);

    int getIntVolatile(long offset, ByteOrder order);

    long getLongVolatile(long offset, ByteOrder order);

    /** Copies {@code length} bytes at {@code offset} into {@code into} from index {@code at}. */
    void getBytes(long offset, byte[] into, int at, int length);

    /** Copies {@code length} bytes at {@code offset} into {@code into} (memory of our own) from {@code at}. */
    void copyTo(long offset, MemorySegment into, long at, long length);

    /**
     * Where the {@code length} bytes at {@code offset} first differ from {@code other}'s at
     * {@code at}, relative to {@code offset}; -1 when they are equal. Reads with acquire order, so a
     * loop sees another process's writes.
     */
    long mismatch(long offset, MemorySegment other, long at, long length);

    /** Bytes of our own (a copy, a test's array) seen as memory: never faults. */
    static WritableMemory ofArray(byte[] bytes) {
        return new OwnMemory(MemorySegment.ofArray(bytes));
    }

    /**
     * Memory of our own ({@code Arena.allocate}, or an array) seen as memory; native memory of our
     * own is aligned as allocated, so atomics work on it (tests). Never a mapping: only
     * {@link Segment} maps files.
     */
    static WritableMemory of(MemorySegment ours) {
        return new OwnMemory(ours);
    }
}
