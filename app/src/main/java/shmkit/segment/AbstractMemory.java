package shmkit.segment;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import shmkit.ShmException;

/**
 * Every accessor of {@link WritableMemory}, written once over {@link #cover}: the memory that holds
 * a range. Each access is bounds-checked against the segment and runs inside the guard that turns
 * the JVM's report of a fault in mapped memory (an InternalError: the file shrank and the page is
 * gone) into the owner's ShmException.
 */
abstract sealed class AbstractMemory implements WritableMemory permits MappedMemory, OwnMemory {
    private final long size;

    AbstractMemory(long size) {
        this.size = size;
    }

    /**
     * Memory in which the segment's bytes {@code [offset, offset + length)} lie at index
     * {@code offset - start()}; valid until the next call.
     */
    abstract MemorySegment cover(long offset, long length);

    /** The segment offset that index 0 of what {@link #cover} last returned stands for. */
    abstract long start();

    /** What a fault in this memory means, as the one failure to report. */
    abstract ShmException fault(InternalError fault);

    @Override
    public final long size() {
        return size;
    }

    /** Refuses a range outside the segment, naming the numbers. */
    final void check(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new ShmException(ShmException.Reason.OUT_OF_RANGE, "offset " + offset + " + " + length
                    + " bytes is outside the segment (" + size + " bytes)");
        }
    }

    private MemorySegment at(long offset, long length) {
        check(offset, length);
        return cover(offset, length);
    }

    /**
     * The {@code length} bytes at {@code offset} as a buffer of their own (index 0 is the first),
     * over the same memory: what every value accessor goes through. A ValueLayout's accessors and
     * VarHandles would serve too, but the first of them costs a JVM ~15 ms of method-handle set-up
     * (LayoutPath's, which the AOT cache cannot keep) and every typed command paid it; a buffer view
     * and the JDK's byte-buffer VarHandles cost nothing comparable. The view is a ByteBuffer, not a
     * mapping of its own: the memory stays the FFM mapping this class guards, closed with its arena.
     */
    private ByteBuffer view(long offset, int length) {
        return at(offset, length).asSlice(offset - start(), length).asByteBuffer();
    }

    @Override
    public boolean isAligned(long offset, int size) {
        try {
            MemorySegment memory = at(offset, 0);
            return memory.isNative() && (memory.address() + offset - start()) % size == 0;
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public byte getByte(long offset) {
        try {
            return view(offset, 1).get(0);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public short getShort(long offset, ByteOrder order) {
        try {
            return view(offset, 2).order(order).getShort(0);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int getInt(long offset, ByteOrder order) {
        try {
            return view(offset, 4).order(order).getInt(0);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long getLong(long offset, ByteOrder order) {
        try {
            return view(offset, 8).order(order).getLong(0);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public short getShortVolatile(long offset, ByteOrder order) {
        try {
            return (short) Handles.of(2, order).getVolatile(view(offset, 2), 0);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int getIntVolatile(long offset, ByteOrder order) {
        try {
            return (int) Handles.of(4, order).getVolatile(view(offset, 4), 0);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long getLongVolatile(long offset, ByteOrder order) {
        try {
            return (long) Handles.of(8, order).getVolatile(view(offset, 8), 0);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void getBytes(long offset, byte[] into, int at, int length) {
        try {
            view(offset, length).get(0, into, at, length);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void copyTo(long offset, MemorySegment into, long at, long length) {
        try {
            MemorySegment.copy(at(offset, length), offset - start(), into, at, length);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * Compared a chunk at a time through a copy of our own: the JDK's vectorized mismatch stub is not
     * one the JVM guards against a fault in mapped memory (a SIGBUS there kills the JVM), while its
     * copies are (a fault in one becomes the InternalError turned into a ShmException here).
     */
    @Override
    public long mismatch(long offset, MemorySegment other, long at, long length) {
        // Other processes write these bytes: the fence keeps the JIT from reusing an earlier read.
        VarHandle.acquireFence();
        try {
            if (!canFault()) {
                long from = offset - start();
                return MemorySegment.mismatch(at(offset, length), from, from + length, other, at, at + length);
            }
            MemorySegment copy = scratch();
            for (long done = 0; done < length; ) {
                long n = Math.min(copy.byteSize(), length - done);
                MemorySegment memory = at(offset + done, n);
                MemorySegment.copy(memory, offset + done - start(), copy, 0, n);
                long found = MemorySegment.mismatch(copy, 0, n, other, at + done, at + done + n);
                if (found >= 0) {
                    return done + found;
                }
                done += n;
            }
            return -1;
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /** Whether this is a mapping of a file, whose pages can vanish (the file shrank) under an access. */
    abstract boolean canFault();

    /** Bytes of our own that {@link #mismatch} copies mapped bytes into before comparing. */
    private MemorySegment scratch;

    private MemorySegment scratch() {
        if (scratch == null) {
            scratch = MemorySegment.ofArray(new byte[SCRATCH]);
        }
        return scratch;
    }

    private static final int SCRATCH = 16 << 10;

    @Override
    public void putByte(long offset, byte value) {
        try {
            view(offset, 1).put(0, value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putShort(long offset, short value, ByteOrder order) {
        try {
            view(offset, 2).order(order).putShort(0, value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putInt(long offset, int value, ByteOrder order) {
        try {
            view(offset, 4).order(order).putInt(0, value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putLong(long offset, long value, ByteOrder order) {
        try {
            view(offset, 8).order(order).putLong(0, value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putShortVolatile(long offset, short value, ByteOrder order) {
        try {
            Handles.of(2, order).setVolatile(view(offset, 2), 0, value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putIntVolatile(long offset, int value, ByteOrder order) {
        try {
            Handles.of(4, order).setVolatile(view(offset, 4), 0, value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putLongVolatile(long offset, long value, ByteOrder order) {
        try {
            Handles.of(8, order).setVolatile(view(offset, 8), 0, value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putBytes(long offset, byte[] from, int at, int length) {
        try {
            view(offset, length).put(0, from, at, length);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void fill(long offset, long length, byte value) {
        try {
            for (long done = 0; done < length; ) {
                // A window at a time: cover() of a huge length would map all of it.
                long n = Math.min(length - done, 1 << 20);
                at(offset + done, n).asSlice(offset + done - start(), n).fill(value);
                done += n;
            }
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int getAndAddInt(long offset, int delta, ByteOrder order) {
        try {
            return (int) Handles.of(4, order).getAndAdd(view(offset, 4), 0, delta);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long getAndAddLong(long offset, long delta, ByteOrder order) {
        try {
            return (long) Handles.of(8, order).getAndAdd(view(offset, 8), 0, delta);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int compareAndExchangeInt(long offset, int expected, int update, ByteOrder order) {
        try {
            // The JVM turns a fault in its reads and writes of mapped memory (the page is gone: the file
            // shrank) into an InternalError, but not one in its compare-and-exchange, which would kill
            // it (SegmentTest). A read first faults where it is guarded; what is left is a page that
            // vanishes in the nanoseconds between the two, which no Java code can close.
            ByteBuffer view = view(offset, 4);
            Handles.of(4, order).getVolatile(view, 0);
            return (int) Handles.of(4, order).compareAndExchange(view, 0, expected, update);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long compareAndExchangeLong(long offset, long expected, long update, ByteOrder order) {
        try {
            ByteBuffer view = view(offset, 8);
            Handles.of(8, order).getVolatile(view, 0); // see compareAndExchangeInt
            return (long) Handles.of(8, order).compareAndExchange(view, 0, expected, update);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * The atomic accessors: the JDK's VarHandles of a byte buffer viewed as shorts, ints or longs in a
     * byte order, whose volatile and atomic modes work on a direct buffer at an aligned index (callers
     * check {@link #isAligned} first). Made on first use: commands that never touch a value never
     * build them.
     */
    private static final class Handles {
        static final VarHandle SHORT_LE = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
        static final VarHandle SHORT_BE = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
        static final VarHandle INT_LE = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
        static final VarHandle INT_BE = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
        static final VarHandle LONG_LE = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        static final VarHandle LONG_BE = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

        /** The VarHandle of an integer of {@code size} bytes in {@code order}, coordinates (ByteBuffer, int). */
        static VarHandle of(int size, ByteOrder order) {
            boolean big = order == ByteOrder.BIG_ENDIAN;
            return switch (size) {
                case 2 -> big ? SHORT_BE : SHORT_LE;
                case 4 -> big ? INT_BE : INT_LE;
                default -> big ? LONG_BE : LONG_LE;
            };
        }
    }
}
