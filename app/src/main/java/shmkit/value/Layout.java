package shmkit.value;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import shmkit.segment.Memory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shmkit.ShmException;

/**
 * A C struct described as {@code name:type} fields ({@code 'bar:i32 baz:i32'}, {@code temps:f64[4]},
 * {@code name:char[16]}), laid out as gcc lays out the same struct on x86-64 and aarch64 Linux: each
 * field at the next multiple of its element's size (char: 1), the struct's size rounded up to its
 * largest alignment. {@code packed} first turns padding off, as {@code __attribute__((packed))}.
 * A spec of {@code @FILE} is read from FILE: fields separated by white space (one a line reads
 * best), {@code #} starts a comment. Offsets are relative to where the struct starts (--offset).
 */
public final class Layout implements Shape {
    private final String spec;
    private final boolean packed;
    private final List<Field> fields;
    private final Map<String, Field> byName;
    private final long size;
    private final int align;

    /**
     * One field.
     *
     * @param type  the element type, or null for text ({@code char[N]})
     * @param count elements (1 for a scalar)
     * @param array whether it was declared with [N] (then it reads as a list, even of one)
     */
    public record Field(String name, ValueType type, int count, boolean array, long offset) {
        public boolean isText() {
            return type == null;
        }

        public int elementSize() {
            return type == null ? 1 : type.size();
        }

        public long size() {
            return (long) elementSize() * count;
        }

        public long end() {
            return offset + size();
        }

        /** How the spec names its type: i32, f64[4], u32be, char[16]. */
        public String typeName() {
            String element = type == null ? "char" : type.name();
            return array ? element + "[" + count + "]" : element;
        }

        /** The element offset of element {@code index}. */
        public long offsetOf(int index) {
            return offset + (long) index * elementSize();
        }
    }

    private Layout(String spec, boolean packed, List<Field> fields, long size, int align) {
        this.spec = spec;
        this.packed = packed;
        this.fields = List.copyOf(fields);
        this.size = size;
        this.align = align;
        Map<String, Field> map = new LinkedHashMap<>();
        for (Field field : fields) {
            map.put(field.name(), field);
        }
        this.byName = map;
    }

    /** Parses a spec, or the file named by {@code @FILE}; a message names the token or line at fault. */
    public static Layout parse(String spec) {
        if (spec.startsWith("@")) {
            String file = spec.substring(1);
            return parse(shmkit.text.SpecFile.read(file, "layout file"), "layout file " + file);
        }
        return parse(spec, "layout '" + spec + "'");
    }

    private static Layout parse(String text, String where) {
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
        List<Field> fields = new ArrayList<>();
        Map<String, Field> seen = new LinkedHashMap<>();
        long offset = 0;
        int align = 1;
        for (String[] token : tokens) {
            String at = where + (multiline ? " line " + token[1] : "");
            Field field = parseField(token[0], at, offset, packed);
            if (seen.containsKey(field.name())) {
                throw ShmException.usage(at + ": field '" + field.name() + "' is declared twice");
            }
            seen.put(field.name(), field);
            fields.add(field);
            offset = field.end();
            align = Math.max(align, packed ? 1 : field.elementSize());
        }
        long size = (offset + align - 1) / align * align;
        return new Layout(text, packed, fields, size, align);
    }

    private static final java.util.regex.Pattern FIELD =
            java.util.regex.Pattern.compile("([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9]+)(?:\\[([0-9]+)])?");

    private static Field parseField(String token, String at, long offset, boolean packed) {
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
        ValueType type = null;
        if (!typeName.equalsIgnoreCase("char")) {
            try {
                type = ValueType.parse(typeName);
            } catch (IllegalArgumentException e) {
                throw ShmException.usage(at + ": field '" + name + "': " + e.getMessage() + ", or char[N] for text");
            }
        }
        int elementSize = type == null ? 1 : type.size();
        long aligned = packed ? offset : (offset + elementSize - 1) / elementSize * elementSize;
        return new Field(name, type, count, array, aligned);
    }

    public List<Field> fields() {
        return fields;
    }

    /** The field called {@code name}, or null. */
    public Field field(String name) {
        return byName.get(name);
    }

    public String names() {
        return String.join(" ", byName.keySet());
    }

    public boolean packed() {
        return packed;
    }

    /** sizeof the struct: the end of its last field rounded up to its alignment. */
    public long size() {
        return size;
    }

    /** _Alignof the struct: its largest field alignment (1 when packed). */
    public int align() {
        return align;
    }

    public String spec() {
        return spec;
    }

    @Override
    public long byteSize() {
        return size;
    }

    /** The fields whose bytes differ between two snapshots of the struct (each at its own base). */
    public List<Field> changed(MemorySegment before, long beforeBase, MemorySegment after, long afterBase) {
        List<Field> changed = new ArrayList<>();
        for (Field field : fields) {
            if (MemorySegment.mismatch(before, beforeBase + field.offset(), beforeBase + field.end(),
                    after, afterBase + field.offset(), afterBase + field.end()) >= 0) {
                changed.add(field);
            }
        }
        return changed;
    }

    /** {@code name=value} a line, every field. */
    @Override
    public void printText(Memory memory, long base, PrintWriter out) {
        printText(memory, base, out, fields);
    }

    /** {@code name=value} a line for the fields given. */
    public void printText(Memory memory, long base, PrintWriter out, List<Field> only) {
        for (Field field : only) {
            out.print(field.name());
            out.print('=');
            ValueFormat.printField(field, memory, base, false, out);
            out.print('\n');
        }
    }

    /** One JSON object, field by field in order, and a newline. */
    @Override
    public void printJson(Memory memory, long base, PrintWriter out) {
        printJson(memory, base, out, fields);
    }

    /** One JSON object of the fields given, in their order, and a newline. */
    public void printJson(Memory memory, long base, PrintWriter out, List<Field> only) {
        out.print('{');
        for (int i = 0; i < only.size(); i++) {
            Field field = only.get(i);
            out.print(i == 0 ? "" : ",");
            out.print(ValueFormat.jsonString(field.name()));
            out.print(':');
            ValueFormat.printField(field, memory, base, true, out);
        }
        out.print("}\n");
    }

    /**
     * The struct in C, with each field's offset and size and every hole, as pahole prints one:
     * paste it into C (with stdint.h) and gcc lays it out the same.
     */
    public String describe() {
        List<String[]> rows = new ArrayList<>(); // {C type, declarator, comment}, or {null, null, hole}
        long at = 0;
        for (Field field : fields) {
            if (field.offset() > at) {
                long hole = field.offset() - at;
                rows.add(new String[] {null, null, "/* XXX " + hole + " byte" + plural(hole) + " hole */"});
            }
            String cType = field.isText() ? "char" : field.type().cName();
            String declarator = field.name() + (field.array() ? "[" + field.count() + "]" : "") + ";";
            String order = field.isText() || !field.type().explicitOrder() || field.type().size() == 1 ? ""
                    : field.type().order() == java.nio.ByteOrder.BIG_ENDIAN ? " big-endian" : " little-endian";
            rows.add(new String[] {cType, declarator, String.format("/* %5d %5d%s */", field.offset(), field.size(), order)});
            at = field.end();
        }
        int typeWidth = rows.stream().filter(r -> r[0] != null).mapToInt(r -> r[0].length()).max().orElse(0);
        int nameWidth = rows.stream().filter(r -> r[1] != null).mapToInt(r -> r[1].length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        out.append(packed ? "struct __attribute__((packed)) {" : "struct {").append('\n');
        for (String[] row : rows) {
            out.append('\t');
            if (row[0] != null) {
                out.append(row[0]).append(" ".repeat(typeWidth - row[0].length() + 1))
                        .append(row[1]).append(" ".repeat(nameWidth - row[1].length() + 1));
            }
            out.append(row[2]).append('\n');
        }
        long tail = size - at;
        out.append('\n').append("\t/* size: ").append(size).append(", align: ").append(align)
                .append(", members: ").append(fields.size());
        if (tail > 0) {
            out.append(", padding: ").append(tail);
        }
        long holes = size - tail - fields.stream().mapToLong(Field::size).sum();
        if (holes > 0) {
            out.append(", sum holes: ").append(holes);
        }
        out.append(" */\n};\n");
        return out.toString();
    }

    /** The layout as JSON: size, align, packed, and each field's name, type, offset, size and count. */
    public String describeJson() {
        StringBuilder out = new StringBuilder();
        out.append("{\"size\":").append(size).append(",\"align\":").append(align).append(",\"packed\":").append(packed)
                .append(",\"fields\":[");
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            out.append(i == 0 ? "" : ",").append("{\"name\":").append(ValueFormat.jsonString(field.name()))
                    .append(",\"type\":").append(ValueFormat.jsonString(field.typeName()))
                    .append(",\"offset\":").append(field.offset()).append(",\"size\":").append(field.size())
                    .append(",\"count\":").append(field.count()).append('}');
        }
        return out.append("]}\n").toString();
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(packed ? "packed" : "");
        for (Field field : fields) {
            out.append(out.isEmpty() ? "" : " ").append(field.name()).append(':').append(field.typeName());
        }
        return out.toString();
    }
}
