package shmkit.value;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import shmkit.segment.Memory;
import shmkit.text.SafeText;

/**
 * Fields as text and JSON. A field's text is what {@code write --layout} takes back: a number, numbers
 * joined by commas for an array ({@code 1.5,2,3}), and for {@code char[N]} the bytes up to the first
 * NUL with anything that would break a {@code name=value} line escaped ({@code \n}, {@code \t},
 * {@code \\}, {@code \xNN} for bytes that are not printable UTF-8).
 */
public final class ValueFormat {
    private ValueFormat() {}

    /** A field of the struct at {@code base} as text, without its name. */
    public static String fieldText(Layout.Field field, Memory memory, long base) {
        java.io.StringWriter text = new java.io.StringWriter();
        PrintWriter out = new PrintWriter(text);
        printField(field, memory, base, false, out);
        out.flush();
        return text.toString();
    }

    /**
     * The value of one number of a field in the struct at {@code base}: element {@code index} of an
     * array field, or the field itself (index 0), a bit field sign-extended as C reads it. As the
     * bits {@link ValueType#format} and {@link ValueType#toDouble} take (a bit field: the value itself).
     */
    public static long fieldBits(Layout.Field field, int index, Memory memory, long base) {
        if (field.isBitField()) {
            return Bits.load(field, memory, base);
        }
        return field.type().load(memory, base + field.offsetOf(index));
    }

    /**
     * A field as JSON: a number, an array for [N], a string for char[N] (the bytes to the first NUL
     * as UTF-8; a byte that is not UTF-8 becomes U+FFFD, as JSON holds text, not bytes), a string
     * for an address ("0x7ffd5c3e9a10").
     */
    public static String fieldJson(Layout.Field field, Memory memory, long base) {
        java.io.StringWriter text = new java.io.StringWriter();
        PrintWriter out = new PrintWriter(text);
        printField(field, memory, base, true, out);
        out.flush();
        return text.toString();
    }

    /**
     * A field of the struct at {@code base}, as {@link #fieldText} or {@link #fieldJson} give it,
     * straight to {@code out}: an array of any length goes out a value at a time, read through
     * {@code memory}.
     */
    static void printField(Layout.Field field, Memory memory, long base, boolean json, PrintWriter out) {
        if (field.isText()) {
            byte[] text = textBytes(field, memory, base);
            out.print(json ? jsonString(new String(text, StandardCharsets.UTF_8)) : escapeText(text));
            return;
        }
        ValueType type = field.type();
        if (field.isBitField()) {
            StringBuilder value = new StringBuilder();
            append(field, value, Bits.load(field, memory, base), json);
            out.print(value);
            return;
        }
        if (!field.array() || !json && field.count() == 1) {
            StringBuilder value = new StringBuilder();
            append(field, value, load(type, memory, base + field.offset()), json);
            out.print(value);
            return;
        }
        Batch values = new Batch(out);
        if (json) {
            values.text().append('[');
        }
        for (int i = 0; i < field.count(); i++) {
            if (i > 0) {
                values.text().append(',');
            }
            append(field, values.text(), load(type, memory, base + field.offsetOf(i)), json);
            values.full();
        }
        if (json) {
            values.text().append(']');
        }
        values.flush();
    }

    /** One value of a field: an address in hex (a string in JSON), anything else as its type prints it. */
    private static void append(Layout.Field field, StringBuilder out, long bits, boolean json) {
        if (field.scalar() != null && field.scalar().display() == CType.Display.POINTER) {
            out.append(json ? "\"0x" : "0x").append(Long.toHexString(bits)).append(json ? "\"" : "");
            return;
        }
        field.type().appendTo(out, bits, json);
    }

    private static long load(ValueType type, Memory memory, long at) {
        return type.load(memory, at);
    }

    /**
     * The bytes of a char[N] field up to its first NUL, read through a window a page at a time; for
     * a Python 'p' field (a Pascal string), the bytes its first byte counts.
     */
    private static byte[] textBytes(Layout.Field field, Memory memory, long base) {
        long from = base + field.offset();
        long end = from + field.count();
        if (field.scalar() != null && field.scalar().display() == CType.Display.PASCAL) {
            int length = field.count() == 0 ? 0 : (int) (load(ValueType.of(ValueType.Kind.U8), memory, from) & 0xff);
            from++;
            end = from + Math.min(length, field.count() - 1);
        }
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        byte[] page = new byte[(int) Math.min(4096, Math.max(1, field.count()))];
        for (long at = from; at < end; ) {
            int n = (int) Math.min(page.length, end - at);
            memory.getBytes(at, page, 0, n);
            for (int i = 0; i < n; i++) {
                if (page[i] == 0 && field.scalar().display() != CType.Display.PASCAL) {
                    text.write(page, 0, i);
                    return text.toByteArray();
                }
            }
            text.write(page, 0, n);
            at += n;
        }
        return text.toByteArray();
    }

    /** Text made safe for one line: printable UTF-8 passes; \ \n \t \r and other bytes are escaped. */
    public static String escapeText(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            if (b >= 0x80) {
                // a run of non-ASCII bytes: SafeText checks the UTF-8 (no ASCII byte can be inside a sequence)
                int end = i;
                while (end < bytes.length && (bytes[end] & 0x80) != 0) {
                    end++;
                }
                SafeText.appendRun(bytes, i, end, i > 0 && bytes[i - 1] >= 0x20 && bytes[i - 1] < 0x7f, out);
                i = end;
                continue;
            }
            switch (b) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (b < 0x20 || b == 0x7f) {
                        out.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
                    } else {
                        out.append((char) b);
                    }
                }
            }
            i++;
        }
        return out.toString();
    }

    /** A JSON string literal. */
    public static String jsonString(String text) {
        return shmkit.text.Json.quoted(text);
    }
}
