package shmkit.value;

import java.util.List;
import java.util.Map;

/**
 * A type as a C compiler lays it out: its size and alignment in bytes, and for a struct or union
 * where each member sits. Every layout, whether written in shm's spelling, in C or as a Python
 * struct format, becomes a tree of these (built by {@link RecordLayout}), and values are read and
 * written through the leaves {@link Layout} makes of it.
 */
public sealed interface CType permits CType.Scalar, CType.Array, CType.Record {
    long size();

    int align();

    /** How a scalar's value reads: a number, an address, a truth value, a C char (its arrays are text). */
    enum Display { NUMBER, CHAR, TEXT, POINTER, BOOL, ENUM, PASCAL }

    /**
     * A value of one of shm's types.
     *
     * @param cName     how C spells it here (int, uint32_t, struct foo *, enum state)
     * @param align     its alignment: the type's size unless a typedef said otherwise
     * @param constants an enum's constants by name (empty for other types)
     */
    record Scalar(ValueType type, Display display, String cName, int align, Map<String, Long> constants)
            implements CType {
        public Scalar {
            constants = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(constants));
        }

        public static Scalar of(ValueType type, Display display, String cName) {
            return new Scalar(type, display, cName, type.size(), Map.of());
        }

        @Override
        public long size() {
            return type.size();
        }

        /** Whether an array of it is text: C's char, shm's char. */
        public boolean isChar() {
            return display == Display.CHAR || display == Display.TEXT || display == Display.PASCAL;
        }
    }

    /** {@code count} elements; 0 for a flexible array member ({@code data[]}) or GNU's {@code [0]}. */
    record Array(CType element, long count) implements CType {
        @Override
        public long size() {
            return element.size() * count;
        }

        @Override
        public int align() {
            return element.align();
        }
    }

    /**
     * A struct or union, laid out.
     *
     * @param tag     its tag (struct foo), or null when anonymous
     * @param decl    how it was declared, to print it back as C: packed, aligned(N), #pragma pack(N)
     */
    record Record(String tag, boolean union, List<Member> members, long size, int align, Decl decl) implements CType {
        public Record {
            members = List.copyOf(members);
        }

        public String keyword() {
            return union ? "union" : "struct";
        }
    }

    /** The attributes a record was declared with (0 for none). */
    record Decl(boolean packed, int aligned, int pragmaPack) {
        public static final Decl NONE = new Decl(false, 0, 0);
    }

    /**
     * A member where the layout put it.
     *
     * @param name      null for an anonymous struct or union (its members are the parent's) or an unnamed bit field
     * @param bitOffset the member's first bit from the record's start (its byte offset times 8 unless a bit field)
     * @param bits      a bit field's width, or -1 for a member that is not a bit field
     * @param aligned   its own aligned(N) or _Alignas(N), 0 for none
     * @param packed    its own __attribute__((packed))
     */
    record Member(String name, CType type, long bitOffset, int bits, int aligned, boolean packed) {
        public long offset() {
            return bitOffset / 8;
        }

        public boolean isBitField() {
            return bits >= 0;
        }
    }
}
