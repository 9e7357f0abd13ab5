package shmkit.segment;

import java.nio.ByteOrder;

/**
 * Bytes of a segment opened for writing: {@link Memory} plus stores and atomic read-modify-write
 * (after agrona's {@code MutableDirectBuffer} and {@code AtomicBuffer}). The atomic methods are
 * the processor's locked instructions, the same a C peer's {@code __atomic_*} builtins use, and
 * need an aligned offset; in a byte order that is not the machine's, the JDK loops a
 * compare-and-swap on the swapped bits.
 */
public interface WritableMemory extends Memory {
    void putByte(long offset, byte value);

    void putShort(long offset, short value, ByteOrder order);

    void putInt(long offset, int value, ByteOrder order);

    void putLong(long offset, long value, ByteOrder order);

    void putShortVolatile(long offset, short value, ByteOrder order);

    void putIntVolatile(long offset, int value, ByteOrder order);

    void putLongVolatile(long offset, long value, ByteOrder order);

    /** Copies {@code length} bytes of {@code from} (from index {@code at}) to {@code offset}. */
    void putBytes(long offset, byte[] from, int at, int length);

    /** Sets {@code length} bytes at {@code offset} to {@code value}. */
    void fill(long offset, long length, byte value);

    int getAndAddInt(long offset, int delta, ByteOrder order);

    long getAndAddLong(long offset, long delta, ByteOrder order);

    /** Sets the int to {@code update} if it is {@code expected}; returns what was found. */
    int compareAndExchangeInt(long offset, int expected, int update, ByteOrder order);

    long compareAndExchangeLong(long offset, long expected, long update, ByteOrder order);

    /**
     * msync(MS_SYNC) of a range, so it reaches the file (for a disk file: the disk); a failure is a
     * ShmException. Memory of our own has nothing to sync.
     */
    void force(long offset, long length);
}
