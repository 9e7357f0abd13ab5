package shmkit.value.c;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import shmkit.ShmException;
import shmkit.value.CType;
import shmkit.value.Layout;
import shmkit.value.RecordLayout;
import shmkit.value.ValueType;

/**
 * A layout written out for the program on the other side of the segment: a C struct, a Python
 * struct format, a ctypes.Structure class. Each says the same offsets, sizes and bits as the layout
 * or is refused: the C is parsed back and laid out again before it is printed (natural C when that
 * gives the layout, else packed C with explicit padding), the Python format is parsed back too.
 */
public final class Emitters {
    private Emitters() {}

    /** Members added only to place others: never a field of the layout. */
    private static final String PAD = "__shm_pad";

    // ---- C ---------------------------------------------------------------------------------------

    public static String c(Layout layout) {
        String natural = new CWriter(layout, false).write();
        if (sameLayout(layout, reparse(natural))) {
            return natural;
        }
        String explicit = new CWriter(layout, true).write();
        if (sameLayout(layout, reparse(explicit))) {
            return explicit;
        }
        throw ShmException.usage("shm cannot write this layout as C that gcc lays out the same; --json gives every offset");
    }

    private static Layout reparse(String c) {
        return CDeclarations.parse(c, "the C shm wrote").layout(c, null);
    }

    /** Same size (C's, for a Python format), alignment, and fields at the same bits. */
    private static boolean sameLayout(Layout a, Layout b) {
        long size = a.source() == Layout.Source.PYTHON ? RecordLayout.roundUp(a.size(), a.align()) : a.size();
        if (size != b.size() || a.align() != b.align()) {
            return false;
        }
        List<Layout.Field> fields = b.fields().stream().filter(f -> !f.name().contains(PAD)).toList();
        if (fields.size() != a.fields().size()) {
            return false;
        }
        for (int i = 0; i < fields.size(); i++) {
            Layout.Field x = a.fields().get(i);
            Layout.Field y = fields.get(i);
            if (!x.name().equals(y.name()) || x.offset() != y.offset() || x.bitOffset() != y.bitOffset()
                    || x.bits() != y.bits() || x.count() != y.count() || x.isText() != y.isText()
                    || x.isBitField() && x.type().isSigned() != y.type().isSigned()
                    || !x.isText() && !x.isBitField()
                    && (x.type().size() != y.type().size() || x.type().isFloat() != y.type().isFloat())) {
                return false;
            }
        }
        return true;
    }

    private static final class CWriter {
        private final Layout layout;
        private final boolean explicit;
        private final StringBuilder out = new StringBuilder();
        private final Map<CType.Record, Boolean> defined = new IdentityHashMap<>();
        private int pads;

        CWriter(Layout layout, boolean explicit) {
            this.layout = layout;
            this.explicit = explicit;
        }

        String write() {
            CType.Record root = layout.root();
            out.append("#include <stdint.h>\n#include <stddef.h>\n\n");
            if (layout.source() == Layout.Source.PYTHON && layout.size() % layout.align() != 0) {
                out.append("/* Python's calcsize is ").append(layout.size()).append("; C's sizeof is ")
                        .append(RecordLayout.roundUp(layout.size(), layout.align())).append(": Python pads no end */\n");
            }
            int pack = explicit ? 0 : root.decl().pragmaPack();
            if (pack > 0) {
                out.append("#pragma pack(push, ").append(pack).append(")\n");
            }
            String name = layout.name() != null ? layout.name() : root.tag() != null ? root.tag() : "layout";
            record(root, root.tag() != null ? root.tag() : name, 0);
            out.append(";\n");
            if (pack > 0) {
                out.append("#pragma pack(pop)\n");
            }
            return out.toString();
        }

        private void record(CType.Record record, String tag, int indent) {
            if (tag != null && defined.containsKey(record)) {
                out.append(record.keyword()).append(' ').append(tag);
                return;
            }
            if (tag != null) {
                defined.put(record, true);
            }
            out.append(record.keyword());
            List<String> attrs = new ArrayList<>();
            if (explicit || record.decl().packed()) {
                attrs.add("packed");
            }
            if (explicit && record.align() > 1) {
                attrs.add("aligned(" + record.align() + ")");
            } else if (!explicit && record.decl().aligned() > 0) {
                attrs.add("aligned(" + record.decl().aligned() + ")");
            }
            if (!attrs.isEmpty()) {
                out.append(" __attribute__((").append(String.join(", ", attrs)).append("))");
            }
            if (tag != null) {
                out.append(' ').append(tag);
            }
            out.append(" {\n");
            long at = 0;
            for (CType.Member member : record.members()) {
                if (explicit) {
                    if (member.isBitField() && (member.bits() == 0 || member.name() == null)) {
                        continue; // their effect on the next member's place is written as padding
                    }
                    if (!record.union()) {
                        fill(at, member.bitOffset(), indent + 1);
                    }
                }
                member(member, indent + 1);
                long end = member.bitOffset() + (member.isBitField() ? member.bits() : member.type().size() * 8);
                at = record.union() ? Math.max(at, end) : end;
            }
            if (explicit) {
                if (record.union()) {
                    if (record.size() > 0) {
                        line(indent + 1, "unsigned char " + PAD + pads++ + "[" + record.size() + "];");
                    }
                } else {
                    fill(at, record.size() * 8, indent + 1);
                }
            }
            out.append("    ".repeat(indent)).append('}');
        }

        /** Padding from bit {@code from} to bit {@code to} of a packed struct: unnamed bit fields, then bytes. */
        private void fill(long from, long to, int indent) {
            if (to <= from) {
                return;
            }
            if (from % 8 != 0) {
                long bits = Math.min(8 - from % 8, to - from);
                line(indent, "uint16_t :" + bits + ";");
                from += bits;
            }
            if ((to - from) / 8 > 0) {
                line(indent, "unsigned char " + PAD + pads++ + "[" + (to - from) / 8 + "];");
                from += (to - from) / 8 * 8;
            }
            if (to > from) {
                line(indent, "uint16_t :" + (to - from) + ";");
            }
        }

        private void line(int indent, String text) {
            out.append("    ".repeat(indent)).append(text).append('\n');
        }

        private void member(CType.Member member, int indent) {
            out.append("    ".repeat(indent));
            String name = member.name() == null ? "" : member.name();
            if (member.isBitField()) {
                CType.Scalar scalar = (CType.Scalar) member.type();
                String type = explicit ? bitFieldType(scalar, member.bits()) : scalarName(scalar);
                out.append(type).append(' ').append(name).append(':').append(member.bits()).append(";\n");
                return;
            }
            CType element = member.type();
            StringBuilder dims = new StringBuilder();
            while (element instanceof CType.Array array) {
                dims.append('[').append(array.count() == 0 ? "" : String.valueOf(array.count())).append(']');
                element = array.element();
            }
            String comment = "";
            if (element instanceof CType.Record inner) {
                record(inner, inner.tag(), indent);
                out.append(name.isEmpty() ? "" : " ").append(name).append(dims);
            } else {
                CType.Scalar scalar = (CType.Scalar) element;
                String type = scalarName(scalar);
                if (scalar.display() == CType.Display.POINTER) {
                    boolean function = scalar.cName().contains("(*)");
                    type = function ? "void (*)(void)" : "void *";
                    if (layout.source() == Layout.Source.C && !scalar.cName().equals(type)) {
                        comment = " /* " + scalar.cName() + " */";
                    }
                }
                if (scalar.type().explicitOrder() && scalar.type().size() > 1) {
                    comment = scalar.type().order() == ByteOrder.BIG_ENDIAN ? " /* big-endian */" : " /* little-endian */";
                }
                String[] declarator = declarator(type, name + dims);
                out.append(declarator[0]).append(' ').append(declarator[1]);
            }
            if (!explicit) {
                int typedefAlign = element instanceof CType.Scalar scalar && scalar.align() > scalar.size() ? scalar.align() : 0;
                if (member.aligned() > 0 || typedefAlign > 0) {
                    out.append(" __attribute__((aligned(").append(Math.max(member.aligned(), typedefAlign)).append(")))");
                }
                if (member.packed()) {
                    out.append(" __attribute__((packed))");
                }
            }
            out.append(';').append(comment).append('\n');
        }

        private String scalarName(CType.Scalar scalar) {
            if (scalar.isChar()) {
                return "char";
            }
            return switch (scalar.display()) {
                case BOOL -> "_Bool";
                case POINTER -> "void *";
                default -> layout.source() == Layout.Source.C && ValueType.ofC(scalar.cName()) != null
                        && ValueType.ofC(scalar.cName()) == scalar.type().kind() ? scalar.cName() : scalar.type().cName();
            };
        }

        /** In a packed struct a bit field of a type wider than a byte goes to the very next bit. */
        private static String bitFieldType(CType.Scalar scalar, int bits) {
            String prefix = scalar.type().isSigned() ? "int" : "uint";
            return prefix + (bits <= 16 ? 16 : bits <= 32 ? 32 : 64) + "_t";
        }
    }

    /** {type, declarator}: a pointer's declarator goes around the name. */
    private static String[] declarator(String type, String name) {
        int fn = type.indexOf("(*)");
        if (fn >= 0) {
            return new String[] {type.substring(0, fn).strip(), "(*" + name + ")" + type.substring(fn + 3)};
        }
        if (type.endsWith("*")) {
            return new String[] {type.substring(0, type.length() - 1).strip(), "*" + name};
        }
        return new String[] {type, name};
    }

    // ---- Python's struct -------------------------------------------------------------------------

    /**
     * A struct format with the layout's fields: standard sizes in one byte order ('<' or '>') and
     * every pad byte written as x, so it means the same on any machine. Bit fields and unions have
     * no struct code: they are refused (--ctypes has both).
     */
    public static String pythonStruct(Layout layout) {
        ByteOrder order = null;
        StringBuilder codes = new StringBuilder();
        long at = 0;
        for (Layout.Field field : layout.fields()) {
            if (field.isBitField()) {
                throw ShmException.usage("'" + field.name() + "' is a bit field, which Python's struct has no code for; "
                        + "--ctypes writes a class with bit fields");
            }
            if (field.offset() < at) {
                throw ShmException.usage("'" + field.name() + "' overlaps the field before it (a union), which a struct "
                        + "format cannot say; --ctypes writes a class with unions");
            }
            if (!field.isText() && field.type().size() > 1) {
                ByteOrder fieldOrder = field.type().order();
                if (order != null && order != fieldOrder) {
                    throw ShmException.usage("'" + field.name() + "' is " + (fieldOrder == ByteOrder.BIG_ENDIAN ? "big" : "little")
                            + "-endian and a field before it is not; a struct format has one byte order");
                }
                order = fieldOrder;
            }
            if (field.offset() > at) {
                codes.append(count(field.offset() - at)).append('x');
            }
            if (field.isText()) {
                boolean pascal = field.scalar().display() == CType.Display.PASCAL;
                codes.append(!field.array() && !pascal ? "c" : field.count() + (pascal ? "p" : "s"));
            } else {
                codes.append(field.array() ? count(field.count()) : "").append(code(field.scalar()));
            }
            at = field.end();
        }
        if (layout.size() > at) {
            codes.append(count(layout.size() - at)).append('x');
        }
        String format = (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + codes;
        Layout back = PythonFormat.parse(format, "the format shm wrote");
        if (back.size() != layout.size()) {
            throw ShmException.usage("shm cannot write this layout as a struct format; --json gives every offset");
        }
        return format;
    }

    private static String count(long n) {
        return n == 1 ? "" : String.valueOf(n);
    }

    private static char code(CType.Scalar scalar) {
        if (scalar.display() == CType.Display.BOOL) {
            return '?';
        }
        return switch (scalar.type().kind()) {
            case I8 -> 'b';
            case U8 -> 'B';
            case I16 -> 'h';
            case U16 -> 'H';
            case I32 -> 'i';
            case U32 -> 'I';
            case I64 -> 'q';
            case U64 -> 'Q';
            case F16 -> 'e';
            case F32 -> 'f';
            case F64 -> 'd';
        };
    }

    // ---- ctypes ----------------------------------------------------------------------------------

    /**
     * A ctypes.Structure (or Union) class for the layout, with nested classes first. When ctypes'
     * own placement (as a C compiler's, without attributes) gives the layout, the class is plain;
     * otherwise it is packed (_pack_ = 1) with explicit padding members, and bit fields are grouped
     * into units of 1, 2, 4 or 8 bytes at their bytes.
     */
    public static String ctypes(Layout layout) {
        return new CtypesWriter(layout).write();
    }

    /** A bit field ctypes cannot place, as a property over the bytes that hold it. */
    private static final String BIT_HELPER = """
            def _shm_bitfield(store, bit, width, signed):
                mask = (1 << width) - 1

                def get(self):
                    value = int.from_bytes(bytes(getattr(self, store)), "little") >> bit & mask
                    return value - (1 << width) if signed and value >> (width - 1) else value

                def set(self, value):
                    array = getattr(self, store)
                    whole = int.from_bytes(bytes(array), "little") & ~(mask << bit) | (value & mask) << bit
                    array[:] = list(whole.to_bytes(len(array), "little"))

                return property(get, set)


            def _shm_through(member, name):
                return property(lambda self: getattr(getattr(self, member), name),
                                lambda self, value: setattr(getattr(self, member), name, value))


            """;

    private static final class CtypesWriter {
        private final Layout layout;
        private final StringBuilder classes = new StringBuilder();
        private final Map<CType.Record, String> names = new IdentityHashMap<>();
        private final Map<String, Integer> used = new HashMap<>();
        private boolean bigEndian;
        private boolean helpers;
        private int pads;
        private final List<String> properties = new ArrayList<>();
        /** The fields of each class that are properties (bit fields no unit holds), to be reached from outside. */
        private final Map<CType.Record, List<String>> propertyNames = new IdentityHashMap<>();
        private final List<String> currentNames = new ArrayList<>();

        CtypesWriter(Layout layout) {
            this.layout = layout;
        }

        String write() {
            ByteOrder order = null;
            for (Layout.Field field : layout.fields()) {
                if (!field.isText() && field.type().size() > 1) {
                    if (order != null && order != field.type().order()) {
                        throw ShmException.usage("'" + field.name() + "' has another byte order than a field before it; "
                                + "a ctypes class has one");
                    }
                    order = field.type().order();
                }
            }
            bigEndian = order == ByteOrder.BIG_ENDIAN && ValueType.NATIVE != ByteOrder.BIG_ENDIAN;
            String root = layout.name() != null ? layout.name() : layout.root().tag() != null ? layout.root().tag() : "Layout";
            String rootName = define(layout.root(), identifier(root));
            return "import ctypes\n\n" + (helpers ? BIT_HELPER : "") + classes + "# sizeof " + layout.size() + ", offsets as gcc's; use it as "
                    + rootName + ".from_buffer(mmap_object, offset)\n";
        }

        private String identifier(String name) {
            String id = name.replaceAll("[^A-Za-z0-9_]", "_");
            if (id.isEmpty() || Character.isDigit(id.charAt(0))) {
                id = "_" + id;
            }
            int n = used.merge(id, 1, Integer::sum);
            return n == 1 ? id : id + "_" + n;
        }

        /** Writes the class of a record (and those of its members first); returns its name. */
        private String define(CType.Record record, String name) {
            String known = names.get(record);
            if (known != null) {
                return known;
            }
            names.put(record, name);
            List<String> outer = new ArrayList<>(properties);
            List<String> outerNames = new ArrayList<>(currentNames);
            properties.clear();
            currentNames.clear();
            boolean natural = natural(record);
            List<String> fields = new ArrayList<>();
            List<String> anonymousFields = new ArrayList<>();
            long at = 0;
            List<CType.Member> members = record.members();
            for (int i = 0; i < members.size(); i++) {
                CType.Member member = members.get(i);
                if (member.isBitField()) {
                    if (member.bits() == 0 || member.name() == null) {
                        continue;
                    }
                    if (record.union()) {
                        int unit = unitBytes((member.bits() + 7) / 8, member);
                        fields.add("(\"" + member.name() + "\", " + intType(unit, signed(member)) + ", " + member.bits() + ")");
                        continue;
                    }
                    // a run of bit fields, grouped by the bytes they share
                    int j = i;
                    while (j + 1 < members.size() && members.get(j + 1).isBitField()) {
                        j++;
                    }
                    long next = j + 1 < members.size() ? members.get(j + 1).offset() : record.size();
                    at = bitGroups(members.subList(i, j + 1), at, next, fields);
                    i = j;
                    continue;
                }
                if (!natural && !record.union() && member.offset() * 8 > at) {
                    fields.add(pad((member.offset() * 8 - at) / 8));
                }
                String fieldName = member.name();
                if (fieldName == null) {
                    fieldName = PAD + "anon" + pads++;
                    anonymousFields.add(fieldName);
                }
                String type = member.name() == null && member.type() instanceof CType.Record inner
                        ? define(inner, inner.tag() != null ? identifier(inner.tag()) : identifier(name + "_anon"))
                        : typeExpression(member.type(), name + "_" + fieldName);
                fields.add("(\"" + fieldName + "\", " + type + ")");
                if (member.name() == null && member.type() instanceof CType.Record inner) {
                    // ctypes promotes an anonymous member's fields, not its properties: these reach them
                    for (String property : propertyNames.getOrDefault(inner, List.of())) {
                        properties.add(property + " = _shm_through(\"" + fieldName + "\", \"" + property + "\")");
                        currentNames.add(property);
                    }
                }
                at = record.union() ? at : member.bitOffset() + member.type().size() * 8;
            }
            if (!natural) {
                if (record.union()) {
                    fields.add("(\"" + PAD + pads++ + "\", ctypes.c_uint8 * " + record.size() + ")");
                } else if (record.size() * 8 > at) {
                    fields.add(pad((record.size() * 8 - at + 7) / 8));
                }
            }
            String base = record.union() ? (bigEndian ? "ctypes.BigEndianUnion" : "ctypes.Union")
                    : bigEndian ? "ctypes.BigEndianStructure" : "ctypes.Structure";
            StringBuilder c = new StringBuilder("class ").append(name).append('(').append(base).append("):\n");
            if (!natural) {
                c.append("    # packed, every member placed by padding: gcc aligns this ").append(record.keyword())
                        .append(" to ").append(record.align()).append(" bytes\n    _pack_ = 1\n");
            }
            if (!anonymousFields.isEmpty()) {
                c.append("    _anonymous_ = (").append(String.join(", ", anonymousFields.stream().map(a -> "\"" + a + "\"").toList()))
                        .append(",)\n");
            }
            c.append("    _fields_ = [\n");
            for (String field : fields) {
                c.append("        ").append(field).append(",\n");
            }
            c.append("    ]\n");
            for (String property : properties) {
                c.append("    ").append(property).append('\n');
            }
            c.append("\n\n");
            classes.append(c);
            propertyNames.put(record, List.copyOf(currentNames));
            properties.clear();
            properties.addAll(outer);
            currentNames.clear();
            currentNames.addAll(outerNames);
            return name;
        }

        private String pad(long bytes) {
            return "(\"" + PAD + pads++ + "\", ctypes.c_uint8 * " + bytes + ")";
        }

        /** Bit fields from a run, each group of them in a unit of its bytes; returns the bit where they end. */
        private long bitGroups(List<CType.Member> run, long at, long nextByte, List<String> fields) {
            List<CType.Member> named = run.stream().filter(m -> m.bits() > 0 && m.name() != null).toList();
            int i = 0;
            while (i < named.size()) {
                CType.Member first = named.get(i);
                long start = first.bitOffset() / 8;
                long end = (first.bitOffset() + first.bits() + 7) / 8;
                int j = i;
                while (j + 1 < named.size() && named.get(j + 1).bitOffset() / 8 < end) {
                    j++;
                    end = Math.max(end, (named.get(j).bitOffset() + named.get(j).bits() + 7) / 8);
                }
                long limit = j + 1 < named.size() ? named.get(j + 1).bitOffset() / 8 : nextByte;
                if (start * 8 > at) {
                    fields.add(pad(start - at / 8));
                }
                int unit = end - start > 8 ? 16 : unitBytes((int) (end - start), first);
                if (start + unit > limit) {
                    // no ctypes unit fits their bytes: the bytes as an array, and each field a property over them
                    String store = "_shm_bits" + pads++;
                    fields.add("(\"" + store + "\", ctypes.c_uint8 * " + (end - start) + ")");
                    for (int k = i; k <= j; k++) {
                        CType.Member m = named.get(k);
                        properties.add(m.name() + " = _shm_bitfield(\"" + store + "\", " + (m.bitOffset() - start * 8) + ", "
                                + m.bits() + ", " + (signed(m) ? "True" : "False") + ")");
                        currentNames.add(m.name());
                    }
                    helpers = true;
                    at = end * 8;
                    i = j + 1;
                    continue;
                }
                long bit = start * 8;
                for (int k = i; k <= j; k++) {
                    CType.Member m = named.get(k);
                    if (m.bitOffset() > bit) {
                        fields.add("(\"" + PAD + pads++ + "\", " + intType(unit, false) + ", " + (m.bitOffset() - bit) + ")");
                    }
                    fields.add("(\"" + m.name() + "\", " + intType(unit, signed(m)) + ", " + m.bits() + ")");
                    bit = m.bitOffset() + m.bits();
                }
                if (bit < (start + unit) * 8) {
                    fields.add("(\"" + PAD + pads++ + "\", " + intType(unit, false) + ", " + ((start + unit) * 8 - bit) + ")");
                }
                fields.add("(\"" + PAD + pads++ + "\", ctypes.c_uint8 * 0)"); // ends the unit for ctypes
                at = (start + unit) * 8;
                i = j + 1;
            }
            return at;
        }

        private static int unitBytes(int bytes, CType.Member member) {
            for (int unit : new int[] {1, 2, 4, 8}) {
                if (unit >= bytes) {
                    return unit;
                }
            }
            throw ShmException.usage("bit field '" + member.name() + "' spans " + bytes + " bytes; ctypes' units are at most 8");
        }

        private static boolean signed(CType.Member member) {
            return ((CType.Scalar) member.type()).type().isSigned();
        }

        private static String intType(int bytes, boolean signed) {
            return "ctypes.c_" + (signed ? "int" : "uint") + bytes * 8;
        }

        /** Whether ctypes, placing fields as C does with no attributes, gives this record's layout. */
        private boolean natural(CType.Record record) {
            List<RecordLayout.MemberDecl> plain = new ArrayList<>();
            for (CType.Member member : record.members()) {
                if (member.isBitField() || member.name() == null) {
                    return false;
                }
                CType element = member.type();
                while (element instanceof CType.Array array) {
                    element = array.element();
                }
                if (element instanceof CType.Record inner && !natural(inner)
                        || element instanceof CType.Scalar scalar && scalar.align() != scalar.size()) {
                    return false;
                }
                plain.add(RecordLayout.MemberDecl.of(member.name(), member.type()));
            }
            CType.Record placed = RecordLayout.layout(null, record.union(), plain, CType.Decl.NONE);
            if (placed.size() != record.size() || placed.align() != record.align()) {
                return false;
            }
            for (int i = 0; i < plain.size(); i++) {
                if (placed.members().get(i).bitOffset() != record.members().get(i).bitOffset()) {
                    return false;
                }
            }
            return true;
        }

        private String typeExpression(CType type, String nestedName) {
            // instanceof, not a switch of patterns, which spins a class at every start (docs/architecture.md)
            if (type instanceof CType.Array array) {
                return "(" + typeExpression(array.element(), nestedName) + ") * " + array.count();
            }
            if (type instanceof CType.Record record) {
                return define(record, record.tag() != null ? identifier(record.tag()) : identifier(nestedName));
            }
            if (type instanceof CType.Scalar scalar) {
                return scalarType(scalar);
            }
            throw new IllegalStateException("a type of no known kind: " + type);
        }

        private static String scalarType(CType.Scalar scalar) {
            if (scalar.isChar()) {
                return "ctypes.c_char";
            }
            return switch (scalar.display()) {
                case BOOL -> "ctypes.c_bool";
                case POINTER -> "ctypes.c_void_p";
                default -> switch (scalar.type().kind()) {
                    case F16 -> "ctypes.c_uint16"; // ctypes has no half float: its bits
                    case F32 -> "ctypes.c_float";
                    case F64 -> "ctypes.c_double";
                    default -> intType(scalar.type().size(), scalar.type().isSigned());
                };
            };
        }
    }
}
