package shmkit.value;

import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import shmkit.ShmException;
import shmkit.segment.Memory;
import shmkit.value.c.CDeclarations;
import shmkit.value.c.PythonFormat;

/**
 * A struct laid over a region's bytes, written in any of three spellings:
 * <ul>
 * <li>shm's own: {@code name:type} fields ({@code 'bar:i32 baz:i32'}, {@code temps:f64[4]},
 * {@code name:char[16]}), {@code packed} first for no padding;
 * <li>C declarations ({@code 'struct foo { int bar; int baz; }'}, or a header), parsed by
 * {@link CDeclarations}: nested structs and unions, arrays, bit fields, enums, pointers, attributes;
 * <li>a Python struct format ({@code '<iiq'}, {@code '@BdH5s'}), parsed by {@link PythonFormat}.
 * </ul>
 * Each becomes a {@link CType.Record} placed as gcc places it (Python's as Python's struct module
 * does), and its leaves, the {@link Field}s, are what prints and what {@code write} sets:
 * {@code a.b[2].c}, an array of numbers as one field, a char array as text, a bit field.
 * A spec of {@code @FILE} (or {@code @FILE:NAME}) is read from FILE. Offsets are relative to where
 * the struct starts (--offset).
 */
public final class Layout implements Shape {
    /** Fields a layout may have, counting each element of an array of structs: printing more is not reading. */
    static final int MAX_FIELDS = 1 << 20;

    /** The most fields a layout may have (each element of an array of structs counts). */
    public static int maxFields() {
        return MAX_FIELDS;
    }

    /** Where a layout came from, which decides how it prints back. */
    public enum Source { SHM, C, PYTHON }

    private final String spec;
    private final Source source;
    private final CType.Record root;
    private final String name;
    private final List<Field> fields;
    private final Map<String, Field> byName;
    private final long size;

    /**
     * One leaf of the struct: a scalar, an array of scalars (one field, its values joined by commas),
     * text (a char array), or a bit field.
     *
     * @param name      its path: {@code bar}, {@code a.b[2].c}, {@code m[1]}
     * @param type      the element type, or null for text ({@code char[N]})
     * @param count     elements (1 for a scalar)
     * @param array     whether it was declared with [N] (then it reads as a list, even of one)
     * @param offset    its first byte from the struct's start
     * @param bitOffset a bit field's first bit within that byte (0 to 7)
     * @param bits      a bit field's width, 0 for a field that is not one
     * @param scalar    the element as declared: how it reads (a number, an address), an enum's constants
     * @param typeName  how the spec names its type: i32, f64[4], char[16], unsigned int:3
     */
    public record Field(String name, ValueType type, int count, boolean array, long offset, int bitOffset, int bits,
                        CType.Scalar scalar, String typeName) {
        public boolean isText() {
            return type == null;
        }

        public boolean isBitField() {
            return bits > 0;
        }

        public int elementSize() {
            return type == null ? 1 : type.size();
        }

        /** The bytes it touches (a bit field: the bytes its bits are in). */
        public long size() {
            return isBitField() ? (bitOffset + bits + 7) / 8 : (long) elementSize() * count;
        }

        public long end() {
            return offset + size();
        }

        /** The element offset of element {@code index}. */
        public long offsetOf(int index) {
            return offset + (long) index * elementSize();
        }
    }

    private Layout(String spec, Source source, CType.Record root, String name, long size) {
        this.spec = spec;
        this.source = source;
        this.root = root;
        this.name = name;
        this.size = size;
        List<Field> leaves = new ArrayList<>();
        members(root, "", 0, leaves);
        this.fields = List.copyOf(leaves);
        Map<String, Field> map = new LinkedHashMap<>();
        for (Field field : leaves) {
            map.put(field.name(), field);
        }
        this.byName = map;
    }

    /** A layout of a laid-out record (C's, Python's): its size is the record's unless {@code size} says otherwise. */
    public static Layout of(String spec, Source source, CType.Record root, String name, long size) {
        return new Layout(spec, source, root, name, size);
    }

    // ---- parsing ---------------------------------------------------------------------------------

    /** Parses a spec in any spelling, or the file named by {@code @FILE}; a message names the token or line at fault. */
    public static Layout parse(String spec) {
        return parse(spec, null);
    }

    /**
     * Parses a spec; {@code struct} (--struct NAME) picks one of several C structs. {@code @FILE:NAME}
     * picks one too.
     */
    public static Layout parse(String spec, String struct) {
        if (spec.startsWith("@") && !(PythonFormat.matches(spec) && !exists(spec.substring(1)))) {
            String file = spec.substring(1);
            String pick = struct;
            int colon = file.lastIndexOf(':');
            if (colon > 0 && !exists(file) && exists(file.substring(0, colon))) {
                String named = file.substring(colon + 1);
                if (pick != null && !pick.equals(named)) {
                    throw ShmException.usage("'" + spec + "' names struct '" + named + "' but --struct names '" + pick + "'; give one");
                }
                pick = named;
                file = file.substring(0, colon);
            }
            String text = shmkit.text.SpecFile.read(file, "layout file");
            String where = "layout file " + shmkit.text.SafeText.quote(file);
            if (looksLikeC(text) || file.endsWith(".h") || file.endsWith(".c")) {
                return CDeclarations.parse(text, where).layout(spec, pick);
            }
            requireNoStruct(pick, where);
            return PythonFormat.matches(text) ? PythonFormat.parse(text.strip(), where) : parseShm(text, where);
        }
        String where = "layout " + shmkit.text.SafeText.quote(spec);
        if (looksLikeC(spec)) {
            return CDeclarations.parse(spec, where).layout(spec, struct);
        }
        requireNoStruct(struct, where);
        return PythonFormat.matches(spec) ? PythonFormat.parse(spec.strip(), where) : parseShm(spec, where);
    }

    /** Whether a file of that name exists (a name that is no path does not). */
    private static boolean exists(String name) {
        try {
            return Files.exists(Path.of(name));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static void requireNoStruct(String struct, String where) {
        if (struct != null) {
            throw ShmException.usage("--struct " + struct + " picks a struct of C declarations, and " + where
                    + " is not C");
        }
    }

    /** A C declaration ends in ';' after a type and a name: {@code int bar;}, {@code char *p;}, {@code unsigned f:3;}. */
    private static final Pattern C_DECLARATION =
            Pattern.compile("[A-Za-z_]\\w*[\\s*]+[A-Za-z_]\\w*\\s*(\\[[^]]*]\\s*)*(:\\s*[0-9(][^;]*)?;");

    /** C declarations, not shm's NAME:TYPE fields (which have neither braces nor a type and a name apart). */
    static boolean looksLikeC(String text) {
        String code = text.replaceAll("#[^\\n]*", ""); // shm's comments, C's preprocessor lines
        return code.indexOf('{') >= 0 || C_DECLARATION.matcher(code).find();
    }

    private static Layout parseShm(String text, String where) {
        List<String[]> tokens = new ArrayList<>(); // {token, line number}
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            for (String token : line.split("[\\s,;]+")) {
                if (!token.isEmpty()) {
                    tokens.add(new String[] {token, String.valueOf(i + 1)});
                }
            }
        }
        boolean multiline = lines.length > 1;
        boolean packed = !tokens.isEmpty() && tokens.get(0)[0].equals("packed");
        if (packed) {
            tokens.remove(0);
        }
        if (tokens.isEmpty()) {
            throw ShmException.usage(where + " has no fields; write them as NAME:TYPE, e.g. 'bar:i32 baz:i32'");
        }
        List<RecordLayout.MemberDecl> members = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (String[] token : tokens) {
            String at = where + (multiline ? " line " + token[1] : "");
            RecordLayout.MemberDecl member = parseField(token[0], at);
            if (seen.put(member.name(), true) != null) {
                throw ShmException.usage(at + ": field '" + member.name() + "' is declared twice");
            }
            members.add(member);
        }
        CType.Record root = RecordLayout.layout(null, false, members, new CType.Decl(packed, 0, 0));
        return new Layout(text, Source.SHM, root, null, root.size());
    }

    private static final Pattern FIELD = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9_]+)(?:\\[([0-9]+)])?");

    private static RecordLayout.MemberDecl parseField(String token, String at) {
        java.util.regex.Matcher m = FIELD.matcher(token);
        if (!m.matches()) {
            String hint = token.indexOf(':') < 0 ? "a field is NAME:TYPE, e.g. bar:i32, temps:f64[4], name:char[16]"
                    : !Character.isJavaIdentifierStart(token.charAt(0)) || token.startsWith("$")
                    ? "a field name is a C name: letters, digits and _, not starting with a digit"
                    : "a type is " + ValueType.NAMES + " (le/be at the end for a byte order) or char, with [N] for an array";
            throw ShmException.usage(at + ": '" + token + "' is not a field; " + hint);
        }
        String name = m.group(1);
        String typeName = m.group(2);
        boolean array = m.group(3) != null;
        int count = 1;
        if (array) {
            try {
                count = Integer.parseInt(m.group(3));
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 1) {
                throw ShmException.usage(at + ": '" + token + "': the number of elements must be 1 to " + Integer.MAX_VALUE);
            }
        }
        CType.Scalar scalar;
        if (typeName.equalsIgnoreCase("char")) {
            scalar = CType.Scalar.of(ValueType.of(ValueType.Kind.U8), CType.Display.TEXT, "char");
        } else {
            ValueType type;
            try {
                type = ValueType.parse(typeName);
            } catch (IllegalArgumentException e) {
                throw ShmException.usage(at + ": field '" + name + "': " + e.getMessage() + ", or char[N] for text");
            }
            scalar = CType.Scalar.of(type, CType.Display.NUMBER, typeName);
        }
        return RecordLayout.MemberDecl.of(name, array ? new CType.Array(scalar, count) : scalar);
    }

    // ---- leaves ----------------------------------------------------------------------------------

    /** Adds the leaves of a record's members at {@code base}, their names after {@code prefix}. */
    private void members(CType.Record record, String prefix, long base, List<Field> out) {
        for (CType.Member member : record.members()) {
            if (member.name() == null) {
                if (member.type() instanceof CType.Record inner && !member.isBitField()) {
                    members(inner, prefix, base + member.offset(), out); // anonymous: its members are ours
                }
                continue;
            }
            String path = prefix + member.name();
            if (member.isBitField()) {
                if (member.bits() > 0) {
                    CType.Scalar scalar = (CType.Scalar) member.type();
                    long bit = base * 8 + member.bitOffset();
                    add(out, new Field(path, scalar.type(), 1, false, bit / 8, (int) (bit % 8), member.bits(), scalar,
                            typeName(scalar) + ":" + member.bits()));
                }
                continue;
            }
            leaves(member.type(), path, base + member.offset(), out);
        }
    }

    private void leaves(CType type, String path, long at, List<Field> out) {
        // instanceof, not a switch of patterns, which spins a class at every start (docs/architecture.md)
        if (type instanceof CType.Record record) {
            members(record, path + ".", at, out);
        } else if (type instanceof CType.Scalar scalar) {
            add(out, scalar.display() == CType.Display.TEXT
                    ? new Field(path, null, 1, false, at, 0, 0, scalar, "char")
                    : new Field(path, scalar.type(), 1, false, at, 0, 0, scalar, typeName(scalar)));
        } else if (type instanceof CType.Array array) {
            if (array.count() == 0) {
                return; // a flexible array member: no bytes of the struct to read
            }
            if (array.count() > Integer.MAX_VALUE) {
                throw ShmException.usage(path + " has " + array.count() + " elements; shm reads arrays of up to "
                        + Integer.MAX_VALUE);
            }
            if (array.element() instanceof CType.Scalar scalar) {
                int n = (int) array.count();
                add(out, scalar.isChar()
                        ? new Field(path, null, n, true, at, 0, 0, scalar, "char[" + n + "]")
                        : new Field(path, scalar.type(), n, true, at, 0, 0, scalar, typeName(scalar) + "[" + n + "]"));
                return;
            }
            for (long i = 0; i < array.count(); i++) {
                leaves(array.element(), path + "[" + i + "]", at + i * array.element().size(), out);
            }
        } else {
            throw new IllegalStateException("a type of no known kind: " + type);
        }
    }

    private String typeName(CType.Scalar scalar) {
        return source == Source.SHM && scalar.display() != CType.Display.TEXT ? scalar.type().name() : scalar.cName();
    }

    private static void add(List<Field> out, Field field) {
        if (out.size() >= MAX_FIELDS) {
            throw ShmException.usage("the layout has more than " + MAX_FIELDS + " fields (counting each element "
                    + "of an array of structs); read a part of it with --offset and a smaller layout");
        }
        out.add(field);
    }

    // ---- what it is --------------------------------------------------------------------------------

    public List<Field> fields() {
        return fields;
    }

    /** The field called {@code name} (its path: a.b[2].c), or null. */
    public Field field(String name) {
        return byName.get(name);
    }

    /** The field paths, for messages; cut after a few dozen. */
    public String names() {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (String path : byName.keySet()) {
            if (++n > 40) {
                return out.append(" ... (").append(byName.size()).append(" fields)").toString();
            }
            out.append(out.isEmpty() ? "" : " ").append(path);
        }
        return out.toString();
    }

    /** The record as laid out: members, offsets, attributes. */
    public CType.Record root() {
        return root;
    }

    public Source source() {
        return source;
    }

    /** The struct's name (a C struct's tag or typedef name), or null. */
    public String name() {
        return name;
    }

    public boolean packed() {
        return root.decl().packed();
    }

    /** sizeof the struct: the end of its last field rounded up to its alignment (not rounded for Python's formats). */
    public long size() {
        return size;
    }

    /** _Alignof the struct. */
    public int align() {
        return root.align();
    }

    public String spec() {
        return spec;
    }

    @Override
    public long byteSize() {
        return size;
    }

    // ---- values ------------------------------------------------------------------------------------

    /** The fields whose values differ between two snapshots of the struct (each at its own base). */
    public List<Field> changed(MemorySegment before, long beforeBase, MemorySegment after, long afterBase) {
        List<Field> changed = new ArrayList<>();
        for (Field field : fields) {
            boolean differs = field.isBitField()
                    ? Bits.load(field, Memory.of(before), beforeBase) != Bits.load(field, Memory.of(after), afterBase)
                    : MemorySegment.mismatch(before, beforeBase + field.offset(), beforeBase + field.end(),
                            after, afterBase + field.offset(), afterBase + field.end()) >= 0;
            if (differs) {
                changed.add(field);
            }
        }
        return changed;
    }

    /** {@code name=value} a line, every field. */
    @Override
    public void printText(Memory memory, long base, PrintWriter out) {
        for (Field field : fields) {
            out.print(field.name());
            out.print('=');
            ValueFormat.printField(field, memory, base, false, out);
            out.print('\n');
        }
    }

    /** One JSON object: structs as objects, arrays as arrays, in declaration order; and a newline. */
    @Override
    public void printJson(Memory memory, long base, PrintWriter out) {
        Iterator<Field> leaves = fields.iterator();
        out.print('{');
        jsonMembers(root, leaves, memory, base, out, true);
        out.print("}\n");
    }

    /** The members of a record as JSON members (no braces), the leaves taken in order; false if none was printed. */
    private boolean jsonMembers(CType.Record record, Iterator<Field> leaves, Memory memory, long base, PrintWriter out,
                                boolean first) {
        for (CType.Member member : record.members()) {
            if (member.name() == null) {
                if (member.type() instanceof CType.Record inner && !member.isBitField()) {
                    first = jsonMembers(inner, leaves, memory, base, out, first);
                }
                continue;
            }
            if (member.isBitField() ? member.bits() == 0 : isEmpty(member.type())) {
                continue;
            }
            out.print(first ? "" : ",");
            first = false;
            out.print(ValueFormat.jsonString(member.name()));
            out.print(':');
            if (member.isBitField()) {
                ValueFormat.printField(leaves.next(), memory, base, true, out);
            } else {
                json(member.type(), leaves, memory, base, out);
            }
        }
        return first;
    }

    private void json(CType type, Iterator<Field> leaves, Memory memory, long base, PrintWriter out) {
        if (type instanceof CType.Record record) {
            out.print('{');
            jsonMembers(record, leaves, memory, base, out, true);
            out.print('}');
        } else if (type instanceof CType.Array array && !(array.element() instanceof CType.Scalar)) {
            out.print('[');
            for (long i = 0; i < array.count(); i++) {
                out.print(i == 0 ? "" : ",");
                json(array.element(), leaves, memory, base, out);
            }
            out.print(']');
        } else {
            ValueFormat.printField(leaves.next(), memory, base, true, out);
        }
    }

    /** Whether a type has no leaves (a flexible array member, a struct of nothing). */
    private static boolean isEmpty(CType type) {
        if (type instanceof CType.Array array) {
            return array.count() == 0 || isEmpty(array.element());
        }
        if (type instanceof CType.Record record) {
            for (CType.Member m : record.members()) {
                boolean empty = m.isBitField() ? m.name() == null || m.bits() == 0 : isEmpty(m.type());
                if (!empty) {
                    return false;
                }
            }
            return true;
        }
        return false; // a scalar
    }

    // ---- as text ---------------------------------------------------------------------------------

    /**
     * The struct in C, with each member's offset and size and every hole, as pahole prints one:
     * paste it into C (with stdint.h) and gcc lays it out the same.
     */
    public String describe() {
        return LayoutText.describe(this);
    }

    /** The layout as JSON: size, align, packed, and each field's name, type, offset, size and count (bit fields: bit_offset, bits). */
    public String describeJson() {
        StringBuilder out = new StringBuilder();
        out.append("{\"size\":").append(size).append(",\"align\":").append(align()).append(",\"packed\":").append(packed())
                .append(",\"fields\":[");
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            out.append(i == 0 ? "" : ",").append("{\"name\":").append(ValueFormat.jsonString(field.name()))
                    .append(",\"type\":").append(ValueFormat.jsonString(field.typeName()))
                    .append(",\"offset\":").append(field.offset()).append(",\"size\":").append(field.size())
                    .append(",\"count\":").append(field.count());
            if (field.isBitField()) {
                out.append(",\"bit_offset\":").append(field.bitOffset()).append(",\"bits\":").append(field.bits());
            }
            out.append('}');
        }
        return out.append("]}\n").toString();
    }

    @Override
    public String toString() {
        if (source != Source.SHM) {
            return spec;
        }
        StringBuilder out = new StringBuilder(packed() ? "packed" : "");
        for (Field field : fields) {
            out.append(out.isEmpty() ? "" : " ").append(field.name()).append(':').append(field.typeName());
        }
        return out.toString();
    }
}
