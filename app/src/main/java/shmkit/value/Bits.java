package shmkit.value;

import shmkit.segment.Memory;
import shmkit.segment.WritableMemory;

/**
 * Bit fields in memory, as gcc reads and writes them on a little-endian machine: bits counted from
 * the least significant bit of the lowest byte. A field that lies inside one aligned unit of its
 * declared type (every bit field of a struct that is not packed) is read with one load of that unit
 * and written with a load and a store of it, as C does; neighbouring fields in the unit keep the
 * bits they had at the load, so a concurrent writer of a neighbour can lose its update, in C too.
 * A field that straddles units (packed, #pragma pack) goes byte by byte.
 */
final class Bits {
    private Bits() {}

    /** The field's value, sign-extended for a signed type. */
    static long load(Layout.Field field, Memory memory, long base) {
        Unit unit = unit(field);
        long raw;
        if (unit.type != null) {
            raw = load(unit.type, memory, base + unit.offset) >>> unit.shift;
        } else {
            raw = 0;
            int n = (int) field.size();
            for (int i = 0; i < n; i++) {
                long b = load(BYTE, memory, base + field.offset() + i) & 0xff;
                int at = i * 8 - field.bitOffset();
                raw |= at >= 0 ? b << at : b >>> -at;
            }
        }
        return extend(field, raw);
    }

    /** Sets the field's bits to the low bits of {@code value}, keeping every other bit of its bytes. */
    static void store(Layout.Field field, WritableMemory memory, long base, long value) {
        Unit unit = unit(field);
        long mask = field.bits() == 64 ? -1L : (1L << field.bits()) - 1;
        if (unit.type != null) {
            long at = base + unit.offset;
            long word = load(unit.type, memory, at);
            word = word & ~(mask << unit.shift) | (value & mask) << unit.shift;
            ValueType type = unit.type;
            type.store(memory, at, word);
            return;
        }
        int n = (int) field.size();
        for (int i = 0; i < n; i++) {
            long at = base + field.offset() + i;
            int shift = i * 8 - field.bitOffset(); // where this byte's bit 0 is in the value
            long byteMask = (shift >= 0 ? mask >>> shift : mask << -shift) & 0xff;
            long bits = (shift >= 0 ? value >>> shift : value << -shift) & 0xff;
            if (shift >= 64) {
                byteMask = 0;
            }
            long old = load(BYTE, memory, at);
            BYTE.store(memory, at, old & ~byteMask | bits & byteMask);
        }
    }

    /** Whether {@code value} fits the field's width (as its type is signed or not). */
    static boolean fits(Layout.Field field, long value) {
        int bits = field.bits();
        if (bits == 64) {
            return true;
        }
        if (field.type().isSigned()) {
            long min = -1L << (bits - 1);
            return value >= min && value <= ~min;
        }
        return value >>> bits == 0;
    }

    private static final ValueType BYTE = ValueType.of(ValueType.Kind.U8);

    private static long load(ValueType type, Memory memory, long at) {
        return type.load(memory, at);
    }

    private static long extend(Layout.Field field, long raw) {
        int shift = 64 - field.bits();
        if (shift == 0) {
            return raw;
        }
        return field.type().isSigned() ? raw << shift >> shift : raw << shift >>> shift;
    }

    /** The aligned unit of the declared type that holds the field, or a null type when none does. */
    private record Unit(ValueType type, long offset, int shift) {}

    private static Unit unit(Layout.Field field) {
        int size = field.type().size();
        long bit = field.offset() * 8 + field.bitOffset();
        long unitOffset = field.offset() / size * size;
        int shift = (int) (bit - unitOffset * 8);
        if (shift + field.bits() <= size * 8) {
            ValueType.Kind kind = switch (size) {
                case 1 -> ValueType.Kind.U8;
                case 2 -> ValueType.Kind.U16;
                case 4 -> ValueType.Kind.U32;
                default -> ValueType.Kind.U64;
            };
            return new Unit(ValueType.of(kind, java.nio.ByteOrder.LITTLE_ENDIAN), unitOffset, shift);
        }
        return new Unit(null, 0, 0);
    }
}
