package shmkit.segment;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
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
            return at(offset, 1).get(ValueLayout.JAVA_BYTE, offset - start());
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public short getShort(long offset, ByteOrder order) {
        try {
            return at(offset, 2).get(Layouts.shortOf(order), offset - start());
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int getInt(long offset, ByteOrder order) {
        try {
            return at(offset, 4).get(Layouts.intOf(order), offset - start());
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long getLong(long offset, ByteOrder order) {
        try {
            return at(offset, 8).get(Layouts.longOf(order), offset - start());
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public short getShortVolatile(long offset, ByteOrder order) {
        try {
            return (short) Layouts.handle(2, order).getVolatile(at(offset, 2), offset - start());
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int getIntVolatile(long offset, ByteOrder order) {
        try {
            return (int) Layouts.handle(4, order).getVolatile(at(offset, 4), offset - start());
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long getLongVolatile(long offset, ByteOrder order) {
        try {
            return (long) Layouts.handle(8, order).getVolatile(at(offset, 8), offset - start());
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void getBytes(long offset, byte[] into, int at, int length) {
        try {
            MemorySegment.copy(at(offset, length), ValueLayout.JAVA_BYTE, offset - start(), into, at, length);
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
            at(offset, 1).set(ValueLayout.JAVA_BYTE, offset - start(), value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putShort(long offset, short value, ByteOrder order) {
        try {
            at(offset, 2).set(Layouts.shortOf(order), offset - start(), value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putInt(long offset, int value, ByteOrder order) {
        try {
            at(offset, 4).set(Layouts.intOf(order), offset - start(), value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putLong(long offset, long value, ByteOrder order) {
        try {
            at(offset, 8).set(Layouts.longOf(order), offset - start(), value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putShortVolatile(long offset, short value, ByteOrder order) {
        try {
            Layouts.handle(2, order).setVolatile(at(offset, 2), offset - start(), value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putIntVolatile(long offset, int value, ByteOrder order) {
        try {
            Layouts.handle(4, order).setVolatile(at(offset, 4), offset - start(), value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putLongVolatile(long offset, long value, ByteOrder order) {
        try {
            Layouts.handle(8, order).setVolatile(at(offset, 8), offset - start(), value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putBytes(long offset, byte[] from, int at, int length) {
        try {
            MemorySegment.copy(from, at, at(offset, length), ValueLayout.JAVA_BYTE, offset - start(), length);
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
            return (int) Layouts.handle(4, order).getAndAdd(at(offset, 4), offset - start(), delta);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long getAndAddLong(long offset, long delta, ByteOrder order) {
        try {
            return (long) Layouts.handle(8, order).getAndAdd(at(offset, 8), offset - start(), delta);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int compareAndExchangeInt(long offset, int expected, int update, ByteOrder order) {
        try {
            return (int) Layouts.handle(4, order).compareAndExchange(at(offset, 4), offset - start(), expected, update);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long compareAndExchangeLong(long offset, long expected, long update, ByteOrder order) {
        try {
            return (long) Layouts.handle(8, order).compareAndExchange(at(offset, 8), offset - start(), expected, update);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /** The layouts and handles the accessors use, made on first use: commands that never touch a value never build them. */
    private static final class Layouts {
        static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

        static ValueLayout.OfShort shortOf(ByteOrder order) {
            return order == ByteOrder.BIG_ENDIAN ? SHORT_BE : SHORT_LE;
        }

        static ValueLayout.OfInt intOf(ByteOrder order) {
            return order == ByteOrder.BIG_ENDIAN ? INT_BE : INT_LE;
        }

        static ValueLayout.OfLong longOf(ByteOrder order) {
            return order == ByteOrder.BIG_ENDIAN ? LONG_BE : LONG_LE;
        }

        /**
         * The VarHandle of an aligned integer of {@code size} bytes, coordinates (MemorySegment, long).
         * Built lazily per width: the first VarHandle costs a JVM ~18 ms of set-up the AOT cache cannot keep.
         */
        static VarHandle handle(int size, ByteOrder order) {
            boolean big = order == ByteOrder.BIG_ENDIAN;
            return switch (size) {
                case 2 -> big ? Handles.SHORT_BE : Handles.SHORT_LE;
                case 4 -> big ? Handles.INT_BE : Handles.INT_LE;
                default -> big ? Handles.LONG_BE : Handles.LONG_LE;
            };
        }
    }

    private static final class Handles {
        static final VarHandle SHORT_LE = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
        static final VarHandle SHORT_BE = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).varHandle();
        static final VarHandle INT_LE = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
        static final VarHandle INT_BE = ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).varHandle();
        static final VarHandle LONG_LE = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
        static final VarHandle LONG_BE = ValueLayout.JAVA_LONG.withOrder(ByteOrder.BIG_ENDIAN).varHandle();
    }
}
