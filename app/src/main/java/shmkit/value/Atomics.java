package shmkit.value;

import java.nio.ByteOrder;
import shmkit.ShmException;
import shmkit.segment.Memory;
import shmkit.segment.WritableMemory;

/**
 * Atomic read-modify-write of one typed value in shared memory, the same instructions a C program's
 * {@code __atomic_fetch_add} and {@code __atomic_compare_exchange} use, so shm and C peers can update
 * one counter together and lose nothing.
 *
 * <p>What each type gets:
 * <ul>
 *   <li>32- and 64-bit integers: the VarHandle's getAndAdd and compareAndExchange (lock xadd and
 *       lock cmpxchg; in a non-native byte order the JDK loops a compare-and-swap on the swapped bits).
 *   <li>floats: a compare-and-swap loop on the raw bits (no processor adds floats atomically); a
 *       compare-and-swap compares raw bits, so -0.0 is not 0.0 and a NaN matches the same NaN.
 *   <li>8- and 16-bit integers: Java has no atomic access that narrow, so a compare-and-swap loop on
 *       the aligned 4-byte word that holds the value; the neighbouring bytes are written back only if
 *       nobody changed them, and on x86 a locked 4-byte operation is atomic against a peer's locked
 *       1- or 2-byte one on the same bytes.
 * </ul>
 * Misaligned values are refused, never attempted: the processor does not make them atomic.
 */
public final class Atomics {
    private Atomics() {}

    /**
     * Refuses an atomic access at {@code offset} unless it is naturally aligned.
     */
    public static void requireAligned(ValueType type, Memory memory, long offset) {
        if (!type.isAlignedIn(memory, offset)) {
            throw ShmException.usage("offset " + offset + " is not aligned for an atomic " + type + ": it must be a multiple of "
                    + type.size() + " (" + offset + " % " + type.size() + " = " + offset % type.size()
                    + "); nothing was changed");
        }
        if (type.size() < 4) {
            long word = wordOffset(offset);
            if (word < 0 || word + 4 > memory.size()) {
                throw ShmException.usage("an atomic " + type + " at offset " + offset + " needs the aligned 4 bytes at "
                        + word + ".." + (word + 3) + " inside the segment (" + memory.size()
                        + " bytes); nothing was changed");
            }
        }
    }

    /** Adds {@code delta} (bits as ValueType.parseDelta gives them) atomically; returns the new value's bits. */
    public static long addAndGet(ValueType type, WritableMemory memory, long offset, long delta) {
        requireAligned(type, memory, offset);
        if (!type.isFloat() && type.size() >= 4) {
            if (type.size() == 4) {
                int old = memory.getAndAddInt(offset, (int) delta, type.order());
                return type.extend(old + (int) delta);
            }
            return memory.getAndAddLong(offset, delta, type.order()) + delta;
        }
        while (true) {
            long old = type.load(memory, offset);
            long updated = plus(type, old, delta);
            if (compareAndExchange(type, memory, offset, old, updated) == old) {
                return updated;
            }
            Thread.onSpinWait();
        }
    }

    private static long plus(ValueType type, long bits, long delta) {
        return switch (type.kind()) {
            case F16 -> Float.floatToFloat16(Float.float16ToFloat((short) bits) + Float.float16ToFloat((short) delta)) & 0xffffL;
            case F32 -> Float.floatToRawIntBits(Float.intBitsToFloat((int) bits) + Float.intBitsToFloat((int) delta)) & 0xffffffffL;
            case F64 -> Double.doubleToRawLongBits(Double.longBitsToDouble(bits) + Double.longBitsToDouble(delta));
            default -> type.extend(bits + delta);
        };
    }

    /**
     * Sets the value to {@code update} if it is {@code expected} (raw bits compared), atomically.
     * Returns the bits found: equal to {@code expected} exactly when the swap happened.
     */
    public static long compareAndExchange(ValueType type, WritableMemory memory, long offset, long expected, long update) {
        requireAligned(type, memory, offset);
        return switch (type.size()) {
            case 4 -> type.extend(memory.compareAndExchangeInt(offset, (int) expected, (int) update, type.order()));
            case 8 -> memory.compareAndExchangeLong(offset, expected, update, type.order());
            default -> narrowCompareAndExchange(type, memory, offset, expected, update);
        };
    }

    /** Compare-and-swap of a 1- or 2-byte value through the aligned native-order word that holds it. */
    private static long narrowCompareAndExchange(ValueType type, WritableMemory memory, long offset, long expected, long update) {
        long word = wordOffset(offset);
        int shift = shift(type, offset);
        int mask = type.size() == 1 ? 0xff : 0xffff;
        ByteOrder nativeOrder = ByteOrder.nativeOrder();
        while (true) {
            int current = memory.getIntVolatile(word, nativeOrder);
            long found = fromRaw(type, current >>> shift & mask);
            if (found != expected) {
                return found;
            }
            int replaced = current & ~(mask << shift) | (toRaw(type, update) & mask) << shift;
            if (memory.compareAndExchangeInt(word, current, replaced, nativeOrder) == current) {
                return found;
            }
            // a neighbouring byte changed between the read and the swap: try again with the new word
            Thread.onSpinWait();
        }
    }

    /**
     * The aligned 4-byte word that holds the byte at {@code offset}. Mapped memory starts on a page
     * boundary, so alignment in the file is alignment in memory.
     */
    private static long wordOffset(long offset) {
        return offset - (offset & 3);
    }

    /** Where the value's bytes sit in the native-order word, as a bit shift. */
    private static int shift(ValueType type, long offset) {
        int byteInWord = (int) (offset & 3);
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? byteInWord * 8 : (4 - byteInWord - type.size()) * 8;
    }

    /** The value's bits from its bytes as the native-order word holds them. */
    private static long fromRaw(ValueType type, int raw) {
        if (type.size() == 2 && !type.isNativeOrder()) {
            raw = Short.reverseBytes((short) raw) & 0xffff;
        }
        return type.extend(raw);
    }

    private static int toRaw(ValueType type, long bits) {
        int raw = (int) bits & (type.size() == 1 ? 0xff : 0xffff);
        return type.size() == 2 && !type.isNativeOrder() ? Short.reverseBytes((short) raw) & 0xffff : raw;
    }
}
