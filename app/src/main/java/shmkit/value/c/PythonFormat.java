package shmkit.value.c;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import shmkit.ShmException;
import shmkit.value.CType;
import shmkit.value.Layout;
import shmkit.value.ValueType;

/**
 * Python's struct formats ({@code '<iiq'}, {@code '@BdH5s'}) as layouts, placed as Python's struct
 * module places them: in native mode ({@code @}, the default) each value at a multiple of its size,
 * as C does, but with no padding at the end (calcsize('@ic') is 5 where C's sizeof is 8); with
 * {@code = < > !} standard sizes (l is 4 bytes) and no padding at all. Each value Python's unpack
 * returns is a field named by its place in the tuple: f0, f1, ... ('5s' is one value, '4i' four).
 */
public final class PythonFormat {
    private PythonFormat() {}

    private static final Pattern FORMAT = Pattern.compile("\\s*[@=<>!]?(\\s*[0-9]*[xcbB?hHiIlLqQnNefdspP])+\\s*");
    private static final Pattern ITEM = Pattern.compile("\\s*([0-9]*)([xcbB?hHiIlLqQnNefdspP])");

    /** Whether {@code text} is a struct format (and so not shm's NAME:TYPE fields or C). */
    public static boolean matches(String text) {
        return FORMAT.matcher(text).matches();
    }

    public static Layout parse(String format, String where) {
        String body = format.strip();
        char mode = '@';
        if (!body.isEmpty() && "@=<>!".indexOf(body.charAt(0)) >= 0) {
            mode = body.charAt(0);
            body = body.substring(1);
        }
        body = body.stripTrailing();
        boolean nativeMode = mode == '@';
        ByteOrder order = switch (mode) {
            case '<' -> ByteOrder.LITTLE_ENDIAN;
            case '>', '!' -> ByteOrder.BIG_ENDIAN;
            default -> null;
        };
        List<CType.Member> members = new ArrayList<>();
        long offset = 0;
        int align = 1;
        int index = 0;
        Matcher m = ITEM.matcher(body);
        int at = 0;
        while (at < body.length() && m.find(at) && m.start() == at) {
            at = m.end();
            long count;
            try {
                count = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw ShmException.usage(where + ": the count " + m.group(1) + " is too large");
            }
            char code = m.group(2).charAt(0);
            if (!nativeMode && "nNP".indexOf(code) >= 0) {
                throw ShmException.usage(where + ": '" + code + "' is only in native mode ('@', the default), not '" + mode + "'");
            }
            CType.Scalar scalar = scalar(code, nativeMode, order);
            int size = code == 's' || code == 'p' || code == 'x' ? 1 : (int) scalar.size();
            if (nativeMode && size > 1) {
                offset = (offset + size - 1) / size * size;
                align = Math.max(align, size);
            }
            if (code == 'x') {
                offset += count;
                continue;
            }
            if (code == 's' || code == 'p') {
                if (count > Integer.MAX_VALUE) {
                    throw ShmException.usage(where + ": '" + count + code + "' is too long");
                }
                members.add(new CType.Member("f" + index++, new CType.Array(scalar, count), offset * 8, -1, 0, false));
                offset += count;
                continue;
            }
            if (count > Layout.maxFields()) {
                throw ShmException.usage(where + ": " + count + " values of '" + code + "' are more than shm prints ("
                        + Layout.maxFields() + "); read them with --as and --count");
            }
            for (long i = 0; i < count; i++) {
                members.add(new CType.Member("f" + index++, scalar, offset * 8, -1, 0, false));
                offset += size;
            }
        }
        if (at != body.length()) {
            throw ShmException.usage(where + ": '" + body.substring(at).strip() + "' is not a struct format code");
        }
        CType.Record record = new CType.Record(null, false, members, offset, align,
                new CType.Decl(!nativeMode, 0, 0));
        return Layout.of(format, Layout.Source.PYTHON, record, null, offset);
    }

    private static CType.Scalar scalar(char code, boolean nativeMode, ByteOrder order) {
        ValueType.Kind kind = switch (code) {
            case 'b' -> ValueType.Kind.I8;
            case 'B', 'c', 's', 'p', 'x', '?' -> ValueType.Kind.U8;
            case 'h' -> ValueType.Kind.I16;
            case 'H' -> ValueType.Kind.U16;
            case 'i' -> ValueType.Kind.I32;
            case 'I' -> ValueType.Kind.U32;
            case 'l' -> nativeMode ? ValueType.Kind.I64 : ValueType.Kind.I32;
            case 'L' -> nativeMode ? ValueType.Kind.U64 : ValueType.Kind.U32;
            case 'q', 'n' -> ValueType.Kind.I64;
            case 'Q', 'N', 'P' -> ValueType.Kind.U64;
            case 'e' -> ValueType.Kind.F16;
            case 'f' -> ValueType.Kind.F32;
            default -> ValueType.Kind.F64;
        };
        ValueType type = order == null || kind == ValueType.Kind.U8 || kind == ValueType.Kind.I8
                ? ValueType.of(kind) : ValueType.of(kind, order);
        return switch (code) {
            case 'c' -> CType.Scalar.of(type, CType.Display.TEXT, "char");
            case 's' -> CType.Scalar.of(type, CType.Display.CHAR, "char");
            case 'p' -> CType.Scalar.of(type, CType.Display.PASCAL, "char");
            case '?' -> CType.Scalar.of(type, CType.Display.BOOL, "_Bool");
            case 'P' -> CType.Scalar.of(type, CType.Display.POINTER, "void *");
            case 'n' -> CType.Scalar.of(type, CType.Display.NUMBER, "ssize_t");
            case 'N' -> CType.Scalar.of(type, CType.Display.NUMBER, "size_t");
            default -> CType.Scalar.of(type, CType.Display.NUMBER, type.cName());
        };
    }
}
