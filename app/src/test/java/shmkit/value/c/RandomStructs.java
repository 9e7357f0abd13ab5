package shmkit.value.c;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random C structs and unions for differential tests against gcc: nesting (named, anonymous,
 * earlier structs), arrays of one to three dimensions with sizes from literals, #defines, enum
 * constants and expressions, bit fields (unnamed, zero-width, straddling), packed, aligned(N),
 * _Alignas, #pragma pack, typedefs with their own alignment, enums, pointers. Independent of shm's
 * model: it knows each leaf's path and type from how it wrote the C, and nothing of where gcc puts it.
 */
final class RandomStructs {
    /** A scalar C type as the generator knows it. */
    record Scalar(String c, int size, boolean signed, Kind kind) {
        enum Kind { INT, CHAR, BOOL, FLOAT, DOUBLE, HALF, POINTER, ENUM }

        boolean integer() {
            return kind == Kind.INT || kind == Kind.CHAR || kind == Kind.BOOL || kind == Kind.ENUM;
        }
    }

    sealed interface Type permits ScalarType, ArrayType, RecordType {}

    record ScalarType(Scalar scalar) implements Type {}

    record ArrayType(Type element, int count, String sizeExpr) implements Type {}

    /** A record: defined inline where used, or a reference to an earlier top-level one. */
    record RecordType(String tag, boolean union, List<Member> members, String attrs, boolean reference, int pack)
            implements Type {}

    record Member(String name, Type type, int bits, String attrs, String alignas) {}

    /** A leaf as shm names it: a scalar, an array of scalars, text, a bit field. */
    record Leaf(String path, Scalar scalar, int count, boolean array, boolean text, int bits, boolean overlapped) {}

    record Struct(String name, RecordType record, String source, List<Leaf> leaves) {}

    private static final Scalar[] SCALARS = {
        new Scalar("char", 1, true, Scalar.Kind.CHAR), new Scalar("signed char", 1, true, Scalar.Kind.INT),
        new Scalar("unsigned char", 1, false, Scalar.Kind.INT), new Scalar("short", 2, true, Scalar.Kind.INT),
        new Scalar("unsigned short", 2, false, Scalar.Kind.INT), new Scalar("int", 4, true, Scalar.Kind.INT),
        new Scalar("unsigned", 4, false, Scalar.Kind.INT), new Scalar("long", 8, true, Scalar.Kind.INT),
        new Scalar("unsigned long", 8, false, Scalar.Kind.INT), new Scalar("long long", 8, true, Scalar.Kind.INT),
        new Scalar("unsigned long long", 8, false, Scalar.Kind.INT), new Scalar("float", 4, true, Scalar.Kind.FLOAT),
        new Scalar("double", 8, true, Scalar.Kind.DOUBLE), new Scalar("_Bool", 1, false, Scalar.Kind.BOOL),
        new Scalar("uint8_t", 1, false, Scalar.Kind.INT), new Scalar("int16_t", 2, true, Scalar.Kind.INT),
        new Scalar("uint32_t", 4, false, Scalar.Kind.INT), new Scalar("int64_t", 8, true, Scalar.Kind.INT),
        new Scalar("size_t", 8, false, Scalar.Kind.INT), new Scalar("void *", 8, false, Scalar.Kind.POINTER),
        new Scalar("char *", 8, false, Scalar.Kind.POINTER), new Scalar("enum color", 4, false, Scalar.Kind.ENUM),
        new Scalar("enum small", 1, false, Scalar.Kind.ENUM), new Scalar("enum wide", 8, true, Scalar.Kind.ENUM),
        new Scalar("_Float16", 2, true, Scalar.Kind.HALF), new Scalar("a8int", 4, true, Scalar.Kind.INT),
        new Scalar("a2long", 8, true, Scalar.Kind.INT)};

    private static final Scalar[] BIT_TYPES = {
        new Scalar("char", 1, true, Scalar.Kind.CHAR), new Scalar("unsigned char", 1, false, Scalar.Kind.INT),
        new Scalar("short", 2, true, Scalar.Kind.INT), new Scalar("unsigned short", 2, false, Scalar.Kind.INT),
        new Scalar("int", 4, true, Scalar.Kind.INT), new Scalar("unsigned int", 4, false, Scalar.Kind.INT),
        new Scalar("long", 8, true, Scalar.Kind.INT), new Scalar("unsigned long long", 8, false, Scalar.Kind.INT),
        new Scalar("_Bool", 1, false, Scalar.Kind.BOOL), new Scalar("uint16_t", 2, false, Scalar.Kind.INT),
        new Scalar("int32_t", 4, true, Scalar.Kind.INT), new Scalar("enum color", 4, false, Scalar.Kind.ENUM)};

    /** What every generated header starts with: the constants and types the structs use. */
    static final String PRELUDE = """
            #include <stdint.h>
            #include <stddef.h>
            #include <stdbool.h>
            #define N2 2
            #define N3 (N2 + 1)
            #define TWICE(x) ((x) * 2)
            enum color { RED, GREEN = 5, BLUE };
            enum __attribute__((packed)) small { TINY = 1, BIG = 200 };
            enum wide { NEG = -1, HUGE = 0x100000000 };
            enum sizes { FOUR = 4, FIVE };
            typedef int __attribute__((aligned(8))) a8int;
            typedef long __attribute__((aligned(2))) a2long;
            """;

    private final Random random;
    private int names;

    RandomStructs(long seed) {
        this.random = new Random(seed);
    }

    /** {@code n} structs t0..t(n-1), each may use earlier ones; the source of each, wrapped as needed in #pragma pack. */
    List<Struct> generate(int n) {
        List<Struct> structs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String tag = "t" + i;
            int pack = random.nextInt(8) == 0 ? new int[] {1, 2, 4, 8}[random.nextInt(4)] : 0;
            RecordType record = record(tag, random.nextInt(6) == 0, 0, structs, pack);
            StringBuilder source = new StringBuilder();
            if (pack > 0) {
                source.append("#pragma pack(push, ").append(pack).append(")\n");
            }
            source.append(define(record, 0)).append(";\n");
            if (pack > 0) {
                source.append("#pragma pack(pop)\n");
            }
            List<Leaf> leaves = new ArrayList<>();
            leaves(record, "", false, leaves);
            structs.add(new Struct(tag, record, source.toString(), leaves));
        }
        return structs;
    }

    private RecordType record(String tag, boolean union, int depth, List<Struct> earlier, int pack) {
        List<Member> members = new ArrayList<>();
        int count = 1 + random.nextInt(depth == 0 ? 7 : 4);
        for (int i = 0; i < count; i++) {
            members.add(member(depth, earlier, union, pack));
        }
        if (members.stream().allMatch(m -> m.name() == null && m.bits() >= 0)) {
            members.add(new Member(name(), new ScalarType(SCALARS[5]), -1, "", ""));
        }
        String attrs = "";
        int a = random.nextInt(10);
        if (a == 0) {
            attrs = "__attribute__((packed))";
        } else if (a == 1) {
            attrs = "__attribute__((aligned(" + (1 << random.nextInt(5)) + ")))";
        } else if (a == 2) {
            attrs = "__attribute__((packed, aligned(" + (1 << random.nextInt(4)) + ")))";
        }
        return new RecordType(tag, union, members, attrs, false, pack);
    }

    private String name() {
        return "m" + names++;
    }

    private Member member(int depth, List<Struct> earlier, boolean inUnion, int pack) {
        int choice = random.nextInt(20);
        if (choice < 4) {
            Scalar type = BIT_TYPES[random.nextInt(BIT_TYPES.length)];
            int max = type.kind() == Scalar.Kind.BOOL ? 1 : type.size() * 8;
            if (random.nextInt(8) == 0) {
                return new Member(null, new ScalarType(type), 0, "", "");
            }
            int bits = 1 + random.nextInt(max);
            String name = random.nextInt(6) == 0 ? null : name();
            return new Member(name, new ScalarType(type), bits, "", "");
        }
        Type type;
        if (choice < 6 && depth < 2) {
            type = record(random.nextInt(3) == 0 ? "n" + names++ : null, random.nextInt(3) == 0, depth + 1, earlier, 0);
            if (((RecordType) type).tag() == null && random.nextBoolean() && !inUnion) {
                return new Member(null, type, -1, "", ""); // an anonymous member
            }
        } else if (choice < 7 && !earlier.isEmpty()) {
            Struct previous = earlier.get(random.nextInt(earlier.size()));
            type = new RecordType(previous.name(), previous.record().union(), previous.record().members(),
                    previous.record().attrs(), true, previous.record().pack());
        } else {
            type = new ScalarType(SCALARS[random.nextInt(SCALARS.length)]);
        }
        boolean overAligned = type instanceof ScalarType s && s.scalar().c().equals("a8int");
        if (random.nextInt(4) == 0 && !overAligned) { // gcc refuses arrays of a type aligned past its size
            type = array(type);
            if (random.nextInt(4) == 0) {
                type = array(type);
            }
        }
        String attrs = "";
        String alignas = "";
        int a = random.nextInt(14);
        if (a == 0) {
            attrs = " __attribute__((aligned(" + (1 << random.nextInt(5)) + ")))";
        } else if (a == 1) {
            attrs = " __attribute__((packed))";
        } else if (a == 2) {
            attrs = " __attribute__((packed, aligned(" + (1 << random.nextInt(4)) + ")))";
        } else if (a == 3 && pack == 0 && !(innermost(type) instanceof RecordType)) { // gcc refuses an _Alignas below the type's
            alignas = "_Alignas(" + (16 << random.nextInt(2)) + ") ";
        }
        return new Member(name(), type, -1, attrs, alignas);
    }

    private static Type innermost(Type type) {
        return type instanceof ArrayType array ? innermost(array.element()) : type;
    }

    private ArrayType array(Type element) {
        int n = 1 + random.nextInt(4);
        String expr = switch (random.nextInt(5)) {
            case 0 -> n == 2 ? "N2" : n == 3 ? "N3" : String.valueOf(n);
            case 1 -> n == 4 ? "FOUR" : n == 1 ? "(FIVE - FOUR)" : String.valueOf(n);
            case 2 -> "TWICE(" + n + ") / 2";
            case 3 -> "sizeof(int) * " + n + " / 4";
            default -> String.valueOf(n);
        };
        return new ArrayType(element, n, expr);
    }

    /** The record's definition (its keyword, attributes, tag and body). */
    private String define(RecordType record, int indent) {
        if (record.reference()) {
            return (record.union() ? "union " : "struct ") + record.tag();
        }
        StringBuilder out = new StringBuilder(record.union() ? "union " : "struct ");
        boolean after = random.nextBoolean();
        if (!record.attrs().isEmpty() && !after) {
            out.append(record.attrs()).append(' ');
        }
        if (record.tag() != null) {
            out.append(record.tag()).append(' ');
        }
        out.append("{\n");
        for (Member m : record.members()) {
            out.append("    ".repeat(indent + 1)).append(m.alignas()).append(declaration(m, indent + 1)).append(";\n");
        }
        out.append("    ".repeat(indent)).append('}');
        if (!record.attrs().isEmpty() && after) {
            out.append(' ').append(record.attrs());
        }
        return out.toString();
    }

    private String declaration(Member m, int indent) {
        StringBuilder dims = new StringBuilder();
        Type t = m.type();
        while (t instanceof ArrayType array) {
            dims.append('[').append(array.sizeExpr()).append(']');
            t = array.element();
        }
        String name = m.name() == null ? "" : m.name();
        String base = switch (t) {
            case ScalarType s -> s.scalar().c();
            case RecordType r -> define(r, indent);
            default -> throw new AssertionError();
        };
        if (m.bits() >= 0) {
            return base + " " + name + " : " + m.bits();
        }
        String declarator;
        if (base.endsWith("*")) {
            declarator = base + name + dims;
        } else {
            declarator = base + " " + name + dims;
        }
        return declarator + m.attrs();
    }

    /** Leaves in shm's order and naming. */
    private void leaves(RecordType record, String prefix, boolean overlapped, List<Leaf> out) {
        boolean first = true;
        for (Member m : record.members()) {
            boolean over = overlapped || record.union() && !first;
            if (m.name() == null) {
                if (m.bits() < 0 && m.type() instanceof RecordType inner) {
                    leaves(inner, prefix, over, out);
                    first = false;
                }
                continue;
            }
            first = false;
            String path = prefix + m.name();
            if (m.bits() >= 0) {
                out.add(new Leaf(path, ((ScalarType) m.type()).scalar(), 1, false, false, m.bits(), over));
                continue;
            }
            leaf(m.type(), path, over, out);
        }
    }

    private void leaf(Type type, String path, boolean overlapped, List<Leaf> out) {
        switch (type) {
            case ScalarType s -> out.add(new Leaf(path, s.scalar(), 1, false, false, 0, overlapped));
            case RecordType r -> leaves(r, path + ".", overlapped, out);
            case ArrayType a -> {
                if (a.element() instanceof ScalarType s) {
                    out.add(new Leaf(path, s.scalar(), a.count(), true, s.scalar().kind() == Scalar.Kind.CHAR, 0, overlapped));
                    return;
                }
                for (int i = 0; i < a.count(); i++) {
                    leaf(a.element(), path + "[" + i + "]", overlapped, out);
                }
            }
        }
    }
}
