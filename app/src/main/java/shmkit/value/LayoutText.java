package shmkit.value;

import java.util.ArrayList;
import java.util.List;

/**
 * A layout as C, the way pahole prints a struct: each member with its offset and size, nested
 * structs and unions inside, bit fields with their bit, and every hole. What {@code shm layout}
 * prints; paste it into C and gcc lays it out the same.
 */
final class LayoutText {
    private LayoutText() {}

    /** {indent, type, declarator, comment}: a row of the table; type null for a comment alone. */
    private record Row(int indent, String type, String declarator, String comment) {}

    static String describe(Layout layout) {
        CType.Record root = layout.root();
        List<Row> rows = new ArrayList<>();
        long[] holes = {0};
        long end = members(layout, root, 1, 0, rows, holes);
        int typeWidth = 0;
        int nameWidth = 0;
        for (Row row : rows) {
            if (row.type != null && row.declarator != null && !row.type.endsWith("{")) {
                typeWidth = Math.max(typeWidth, row.type.length() + 8 * (row.indent - 1));
                nameWidth = Math.max(nameWidth, row.declarator.length());
            }
        }
        StringBuilder out = new StringBuilder();
        int pack = root.decl().pragmaPack();
        if (pack > 0) {
            out.append("#pragma pack(push, ").append(pack).append(")\n");
        }
        out.append(opening(layout, root, layout.name())).append('\n');
        for (Row row : rows) {
            out.append("\t".repeat(row.indent));
            if (row.type != null) {
                out.append(row.type);
                if (!row.type.endsWith("{")) {
                    out.append(" ".repeat(Math.max(0, typeWidth - row.type.length() - 8 * (row.indent - 1)) + 1))
                            .append(row.declarator).append(" ".repeat(nameWidth - row.declarator.length() + 1));
                }
            }
            out.append(row.comment).append('\n');
        }
        long size = layout.size();
        long used = (end + 7) / 8;
        long tail = Math.max(0, size - used);
        out.append('\n').append("\t/* size: ").append(size);
        if (layout.source() == Layout.Source.PYTHON && size % root.align() != 0) {
            out.append(" (Python's calcsize; C's sizeof would be ").append(RecordLayout.roundUp(size, root.align()))
                    .append(": Python pads no end)");
        }
        out.append(", align: ").append(root.align()).append(", members: ").append(root.members().size());
        if (tail > 0) {
            out.append(", padding: ").append(tail);
        }
        if (holes[0] > 0) {
            out.append(", sum holes: ").append(holes[0] % 8 == 0 ? holes[0] / 8 + "" : holes[0] + " bits");
        }
        out.append(" */\n};\n");
        if (pack > 0) {
            out.append("#pragma pack(pop)\n");
        }
        return out.toString();
    }

    private static String opening(Layout layout, CType.Record record, String name) {
        StringBuilder head = new StringBuilder(record.keyword());
        List<String> attrs = new ArrayList<>();
        if (record.decl().packed()) {
            attrs.add("packed");
        }
        if (record.decl().aligned() > 0) {
            attrs.add("aligned(" + record.decl().aligned() + ")");
        }
        if (!attrs.isEmpty()) {
            head.append(" __attribute__((").append(String.join(", ", attrs)).append("))");
        }
        String tag = record.tag() != null ? record.tag() : record == layout.root() && layout.source() == Layout.Source.C ? name : null;
        if (tag != null) {
            head.append(' ').append(tag);
        }
        return head.append(" {").toString();
    }

    /** The rows of a record's members at {@code base}; returns the bit where the last member ends. */
    private static long members(Layout layout, CType.Record record, int indent, long base, List<Row> rows, long[] holes) {
        long at = 0;
        for (CType.Member member : record.members()) {
            if (!record.union() && member.bitOffset() > at) {
                long gap = member.bitOffset() - at;
                rows.add(new Row(indent, null, null, gap % 8 == 0 && at % 8 == 0
                        ? "/* XXX " + gap / 8 + " byte" + plural(gap / 8) + " hole */"
                        : "/* XXX " + gap + " bit" + plural(gap) + " hole */"));
                if (holes != null) {
                    holes[0] += gap;
                }
            }
            long offset = base + member.offset();
            long end;
            if (member.isBitField()) {
                CType.Scalar scalar = (CType.Scalar) member.type();
                String name = member.name() == null ? "" : member.name();
                long bit = base * 8 + member.bitOffset();
                rows.add(new Row(indent, scalarName(layout, scalar), name + ":" + member.bits() + ";",
                        "/* " + right(bit / 8, 5) + ":" + bit % 8 + " " + right(member.bits(), 3) + " bit"
                                + plural(member.bits()) + " */"));
                end = member.bitOffset() + member.bits();
            } else {
                CType element = member.type();
                StringBuilder dims = new StringBuilder();
                while (element instanceof CType.Array array) {
                    dims.append('[').append(array.count() == 0 ? "" : String.valueOf(array.count())).append(']');
                    element = array.element();
                }
                String name = member.name() == null ? "" : member.name();
                String comment = "/* " + right(offset, 5) + " " + right(member.type().size(), 5) + order(element) + " */";
                if (element instanceof CType.Record inner) {
                    rows.add(new Row(indent, opening(layout, inner, null) + (inner.decl().pragmaPack() > 0
                            ? " /* #pragma pack(" + inner.decl().pragmaPack() + ") */" : ""), "", ""));
                    long innerEnd = members(layout, inner, indent + 1, offset, rows, null);
                    long pad = inner.size() * 8 - innerEnd;
                    if (!inner.union() && pad >= 8) {
                        rows.add(new Row(indent + 1, null, null, "/* XXX " + pad / 8 + " byte" + plural(pad / 8) + " padding */"));
                    }
                    rows.add(new Row(indent, "}", name + dims + ";", comment));
                } else {
                    String[] spelled = declarator(scalarName(layout, (CType.Scalar) element), name + dims);
                    rows.add(new Row(indent, spelled[0], spelled[1] + ";", comment));
                }
                end = member.bitOffset() + member.type().size() * 8;
            }
            at = record.union() ? Math.max(at, end) : Math.max(at, end);
        }
        return at;
    }

    /** A pointer's declarator goes around the name: {"char", "*name"}, {"void", "(*cb)()"}. */
    static String[] declarator(String type, String name) {
        int fn = type.indexOf("(*)");
        if (fn >= 0) {
            return new String[] {type.substring(0, fn).strip(), "(*" + name + ")" + type.substring(fn + 3)};
        }
        int stars = type.length();
        while (stars > 0 && (type.charAt(stars - 1) == '*' || type.charAt(stars - 1) == ' ')) {
            stars--;
        }
        if (stars < type.length()) {
            return new String[] {type.substring(0, stars), type.substring(stars).replace(" ", "") + name};
        }
        return new String[] {type, name};
    }

    /** A scalar as the source spelled it in C; shm's and Python's types as stdint.h names them. */
    private static String scalarName(Layout layout, CType.Scalar scalar) {
        if (scalar.isChar()) {
            return "char";
        }
        return layout.source() == Layout.Source.C ? scalar.cName()
                : scalar.display() == CType.Display.POINTER ? "void *" : scalar.type().cName();
    }

    private static String order(CType element) {
        if (element instanceof CType.Scalar scalar && scalar.type().explicitOrder() && scalar.type().size() > 1) {
            return scalar.type().order() == java.nio.ByteOrder.BIG_ENDIAN ? " big-endian" : " little-endian";
        }
        return "";
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }

    /**
     * {@code value} in decimal, right-aligned in {@code width} columns as {@code %5d} would have it:
     * String.format starts the JDK's Formatter and locale data, which the AOT training then put in
     * the cache of every typed command.
     */
    private static String right(long value, int width) {
        String digits = Long.toString(value);
        return digits.length() >= width ? digits : " ".repeat(width - digits.length()) + digits;
    }
}
