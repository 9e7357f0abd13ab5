package shmkit.value;

import shmkit.segment.Memory;
import shmkit.segment.WritableMemory;

import java.nio.ByteOrder;
import java.util.Locale;
import java.util.regex.Pattern;
import shmkit.ShmException;

/**
 * One of the scalar types shm reads and writes ({@code i8 u8 i16 u16 i32 u32 i64 u64 f16 f32 f64})
 * in a byte order: native unless the name ends in {@code le} or {@code be} ({@code u32be}). C's names
 * for them ({@code int}, {@code unsigned short}, {@code uint64_t}, {@code size_t}) are the same types
 * in native order, as this platform's C compiler has them (LP64: long is 64 bits); the C declaration
 * parser (value.c) resolves its type names through {@link #ofC}, so there is one list of types.
 *
 * <p>A value travels as {@code long} bits: integers sign-extended (signed types) or zero-extended
 * (unsigned; u64 uses all 64 bits, read with the unsigned methods of Long), floats as their raw IEEE
 * bits. Loads and stores of a naturally aligned value in native memory are single-copy atomic
 * (volatile access through an aligned layout's VarHandle); anything else is a plain unaligned access.
 *
 * @param kind          the size, signedness and whether it is a float
 * @param order         the byte order in memory
 * @param explicitOrder whether the name said le or be (so the name prints back as it was given)
 */
public record ValueType(Kind kind, ByteOrder order, boolean explicitOrder) {
    public static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Every type's name, from {@link Kind}: the one list that help, man pages and docs show. */
    public static final String NAMES = names();
    /** How byte orders are spelled, for help texts. */
    public static final String ORDERS = "native byte order, or le/be at the end (u32be)";

    private static String names() {
        StringBuilder names = new StringBuilder();
        for (Kind kind : Kind.values()) { // a loop: the first stream of a run costs milliseconds
            names.append(names.isEmpty() ? "" : " ").append(kind.lowerName());
        }
        return names.toString();
    }
    /** A few of the C names {@link #parse} takes too, for messages. */
    public static final String C_NAMES = "int, unsigned short, long long, uint64_t, size_t, double, _Bool";

    public enum Kind {
        I8(1, true, false, "int8_t"), U8(1, false, false, "uint8_t"),
        I16(2, true, false, "int16_t"), U16(2, false, false, "uint16_t"),
        I32(4, true, false, "int32_t"), U32(4, false, false, "uint32_t"),
        I64(8, true, false, "int64_t"), U64(8, false, false, "uint64_t"),
        F16(2, true, true, "_Float16"), F32(4, true, true, "float"), F64(8, true, true, "double");

        final int size;
        final boolean signed;
        final boolean floating;
        final String cName;
        private final String lowerName;

        Kind(int size, boolean signed, boolean floating, String cName) {
            this.size = size;
            this.signed = signed;
            this.floating = floating;
            this.cName = cName;
            this.lowerName = name().toLowerCase(Locale.ROOT);
        }

        /** "i64": kept, as every --as of a shell batch compares against each kind's name. */
        String lowerName() {
            return lowerName;
        }
    }

    public ValueType {
        java.util.Objects.requireNonNull(kind);
        java.util.Objects.requireNonNull(order);
    }

    public static ValueType of(Kind kind) {
        return new ValueType(kind, NATIVE, false);
    }

    public static ValueType of(Kind kind, ByteOrder order) {
        return new ValueType(kind, order, true);
    }

    /** "i32", "u32be", "f64le"; the message lists the types when the name is not one. */
    public static ValueType parse(String name) {
        String s = name.strip().toLowerCase(Locale.ROOT);
        ByteOrder order = null;
        if (s.endsWith("le") || s.endsWith("be")) {
            order = s.endsWith("le") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            s = s.substring(0, s.length() - 2);
        }
        for (Kind kind : Kind.values()) {
            if (kind.lowerName().equals(s)) {
                return order == null ? of(kind) : of(kind, order);
            }
        }
        Kind c = ofC(name);
        if (c != null) {
            return of(c);
        }
        throw new IllegalArgumentException("'" + name + "' is not a type; use one of " + NAMES
                + ", with le or be at the end for a byte order (u32be); the default is this machine's ("
                + (NATIVE == ByteOrder.LITTLE_ENDIAN ? "le" : "be") + "); or a C type: " + C_NAMES);
    }

    /** Whether plain {@code char} is signed here: it is on x86-64, not on the ARM, POWER, Z and RISC-V ABIs. */
    public static final boolean CHAR_IS_SIGNED = charIsSigned(System.getProperty("os.arch", ""));

    /** By hand, not String.matches: a regular expression here loaded java.util.regex into every typed command's start. */
    static boolean charIsSigned(String arch) {
        String a = arch.toLowerCase(java.util.Locale.ROOT);
        return !(a.equals("aarch64") || a.startsWith("arm") || a.startsWith("ppc") || a.startsWith("s390")
                || a.startsWith("riscv"));
    }

    /**
     * C's typedef names for scalar types (stdint.h, stddef.h, sys/types.h, uchar.h, and Linux's
     * __u32 family), as glibc defines them on LP64 Linux.
     */
    private static final java.util.Map<String, Kind> C_TYPEDEFS = java.util.Map.ofEntries(
            java.util.Map.entry("int8_t", Kind.I8), java.util.Map.entry("uint8_t", Kind.U8),
            java.util.Map.entry("int16_t", Kind.I16), java.util.Map.entry("uint16_t", Kind.U16),
            java.util.Map.entry("int32_t", Kind.I32), java.util.Map.entry("uint32_t", Kind.U32),
            java.util.Map.entry("int64_t", Kind.I64), java.util.Map.entry("uint64_t", Kind.U64),
            java.util.Map.entry("int_least8_t", Kind.I8), java.util.Map.entry("uint_least8_t", Kind.U8),
            java.util.Map.entry("int_least16_t", Kind.I16), java.util.Map.entry("uint_least16_t", Kind.U16),
            java.util.Map.entry("int_least32_t", Kind.I32), java.util.Map.entry("uint_least32_t", Kind.U32),
            java.util.Map.entry("int_least64_t", Kind.I64), java.util.Map.entry("uint_least64_t", Kind.U64),
            // glibc makes the fast types above 8 bits a long on 64-bit targets
            java.util.Map.entry("int_fast8_t", Kind.I8), java.util.Map.entry("uint_fast8_t", Kind.U8),
            java.util.Map.entry("int_fast16_t", Kind.I64), java.util.Map.entry("uint_fast16_t", Kind.U64),
            java.util.Map.entry("int_fast32_t", Kind.I64), java.util.Map.entry("uint_fast32_t", Kind.U64),
            java.util.Map.entry("int_fast64_t", Kind.I64), java.util.Map.entry("uint_fast64_t", Kind.U64),
            java.util.Map.entry("intmax_t", Kind.I64), java.util.Map.entry("uintmax_t", Kind.U64),
            java.util.Map.entry("intptr_t", Kind.I64), java.util.Map.entry("uintptr_t", Kind.U64),
            java.util.Map.entry("size_t", Kind.U64), java.util.Map.entry("ssize_t", Kind.I64),
            java.util.Map.entry("ptrdiff_t", Kind.I64), java.util.Map.entry("off_t", Kind.I64),
            java.util.Map.entry("off64_t", Kind.I64), java.util.Map.entry("time_t", Kind.I64),
            java.util.Map.entry("pid_t", Kind.I32), java.util.Map.entry("uid_t", Kind.U32),
            java.util.Map.entry("gid_t", Kind.U32), java.util.Map.entry("mode_t", Kind.U32),
            java.util.Map.entry("wchar_t", Kind.I32), java.util.Map.entry("char16_t", Kind.U16),
            java.util.Map.entry("char32_t", Kind.U32), java.util.Map.entry("bool", Kind.U8),
            java.util.Map.entry("_Float16", Kind.F16), java.util.Map.entry("_Float32", Kind.F32),
            java.util.Map.entry("_Float64", Kind.F64),
            java.util.Map.entry("__u8", Kind.U8), java.util.Map.entry("__s8", Kind.I8),
            java.util.Map.entry("__u16", Kind.U16), java.util.Map.entry("__s16", Kind.I16),
            java.util.Map.entry("__u32", Kind.U32), java.util.Map.entry("__s32", Kind.I32),
            java.util.Map.entry("__u64", Kind.U64), java.util.Map.entry("__s64", Kind.I64));

    /**
     * The type a C type name stands for, or null: a typedef name ({@code uint64_t}, {@code size_t})
     * or type specifiers in any order ({@code unsigned short int}, {@code long long}, {@code _Bool}).
     */
    public static Kind ofC(String name) {
        Kind typedef = C_TYPEDEFS.get(name);
        if (typedef != null) {
            return typedef;
        }
        String s = name.strip();
        boolean oneWord = true;
        for (int i = 0; i < s.length() && oneWord; i++) {
            oneWord = !Character.isWhitespace(s.charAt(i));
        }
        if (oneWord) {
            return ofCSpecifiers(java.util.List.of(s)); // the C parser asks this of every name it meets
        }
        s = s.replaceAll("\\s+", " ");
        typedef = C_TYPEDEFS.get(s);
        return typedef != null ? typedef : ofCSpecifiers(java.util.List.of(s.split(" ")));
    }

    /**
     * The type that C's type specifiers name ({@code [unsigned, long, long, int]}), or null when the
     * words are not a scalar type's specifiers or do not go together ({@code short double}).
     */
    public static Kind ofCSpecifiers(java.util.List<String> words) {
        int signed = 0, unsigned = 0, chars = 0, shorts = 0, ints = 0, longs = 0, floats = 0, doubles = 0, bools = 0;
        for (String word : words) {
            switch (word) {
                case "signed", "__signed__", "__signed" -> signed++;
                case "unsigned" -> unsigned++;
                case "char" -> chars++;
                case "short" -> shorts++;
                case "int" -> ints++;
                case "long" -> longs++;
                case "float" -> floats++;
                case "double" -> doubles++;
                case "_Bool" -> bools++;
                default -> {
                    return null;
                }
            }
        }
        int sign = signed + unsigned;
        if (sign > 1 || ints > 1 || chars > 1 || shorts > 1 || longs > 2 || floats + doubles + bools + chars > 1
                || shorts > 0 && longs > 0) {
            return null;
        }
        if (floats + doubles + bools > 0) {
            // long double has no type here; the C parser says so by name
            return sign + shorts + ints + longs > 0 ? null : floats > 0 ? Kind.F32 : doubles > 0 ? Kind.F64 : Kind.U8;
        }
        if (chars > 0) {
            if (shorts + ints + longs > 0) {
                return null;
            }
            return unsigned > 0 ? Kind.U8 : signed > 0 || CHAR_IS_SIGNED ? Kind.I8 : Kind.U8;
        }
        if (sign + shorts + ints + longs == 0) {
            return null;
        }
        boolean isUnsigned = unsigned > 0;
        if (shorts > 0) {
            return isUnsigned ? Kind.U16 : Kind.I16;
        }
        if (longs > 0) {
            return isUnsigned ? Kind.U64 : Kind.I64;
        }
        return isUnsigned ? Kind.U32 : Kind.I32;
    }

    /** The name as shm takes it: the byte order only when it was given. */
    public String name() {
        return kind.lowerName() + (explicitOrder ? (order == ByteOrder.BIG_ENDIAN ? "be" : "le") : "");
    }

    @Override
    public String toString() {
        return name();
    }

    public int size() {
        return kind.size;
    }

    public boolean isFloat() {
        return kind.floating;
    }

    public boolean isSigned() {
        return kind.signed;
    }

    public boolean isNativeOrder() {
        return order == NATIVE;
    }

    /** The C type with the same size and representation (int32_t, double). */
    public String cName() {
        return kind.cName;
    }

    // ---- values as text -------------------------------------------------------------------------

    /** The range this type holds, for messages: "-128..127", "0..18446744073709551615". */
    public String range() {
        return switch (kind) {
            case F16 -> "±65504";
            case F32 -> "±3.4028235e38";
            case F64 -> "±1.7976931348623157e308";
            default -> format(minBits()) + ".." + format(maxBits());
        };
    }

    private long minBits() {
        return kind.signed ? -1L << (kind.size * 8 - 1) : 0;
    }

    private long maxBits() {
        int bits = kind.size * 8;
        return kind.signed ? ~(-1L << (bits - 1)) : bits == 64 ? -1L : ~(-1L << bits);
    }

    /** Parses a value of this type; refuses text that is not a value of it or does not fit. */
    public long parseValue(String text) {
        return kind.floating ? parseFloat(text) : parseInteger(text, false);
    }

    /**
     * Parses an amount to add: for an unsigned type a negative amount (to subtract) is allowed, down
     * to minus the type's maximum. The result is the amount modulo 2^bits, which is what a wrapping add needs.
     */
    public long parseDelta(String text) {
        return kind.floating ? parseFloat(text) : parseInteger(text, true);
    }

    /** Whether {@code text} is a value of this type that fits. */
    public boolean fits(String text) {
        try {
            parseValue(text);
            return true;
        } catch (ShmException e) {
            return false;
        }
    }

    private long parseInteger(String text, boolean delta) {
        String s = text;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        int radix = 10;
        if (s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
            radix = 16;
            s = s.substring(2);
        } else if (s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'b' || s.charAt(1) == 'B')) {
            radix = 2;
            s = s.substring(2);
        }
        if (!isDigits(s, radix)) {
            throw ShmException.usage("'" + text + "' is not " + article() + " " + name()
                    + (looksLikeFloat(text) ? " (an integer type; no fractions)" : " (an integer: 42, -7, 0xff)"));
        }
        long magnitude;
        try {
            magnitude = Long.parseUnsignedLong(s, radix);
        } catch (NumberFormatException e) {
            throw doesNotFit(text, delta);
        }
        int bits = kind.size * 8;
        long max = maxBits();
        if (negative && magnitude != 0) {
            // the most negative value of a signed type has a magnitude one more than its maximum
            long limit = kind.signed ? max + 1 : delta ? max : 0;
            if (Long.compareUnsigned(magnitude, limit) > 0) {
                throw doesNotFit(text, delta);
            }
            return truncate(-magnitude, bits);
        }
        if (Long.compareUnsigned(magnitude, max) > 0) {
            throw doesNotFit(text, delta);
        }
        return magnitude;
    }

    private static boolean isDigits(String s, int radix) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128 || Character.digit(s.charAt(i), radix) < 0) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** Keeps the low {@code bits} and extends them as this type does (sign for signed, zero for unsigned). */
    long truncate(long value, int bits) {
        if (bits == 64) {
            return value;
        }
        int shift = 64 - bits;
        return kind.signed ? value << shift >> shift : value << shift >>> shift;
    }

    /** Extends raw bits of this type's width to a value's bits. */
    long extend(long raw) {
        return kind.floating ? (kind.size == 8 ? raw : raw & (kind.size == 4 ? 0xffffffffL : 0xffffL)) : truncate(raw, kind.size * 8);
    }

    private ShmException doesNotFit(String text, boolean delta) {
        if (delta && !kind.signed) {
            String max = Long.toUnsignedString(maxBits());
            return ShmException.usage("'" + text + "' does not fit in " + name() + " (an amount to add: -" + max + ".." + max + ")");
        }
        return ShmException.usage("'" + text + "' does not fit in " + name() + " (" + range() + ")");
    }

    private static boolean looksLikeFloat(String text) {
        return text.matches("[+-]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][+-]?\\d+)?") && !text.matches("[+-]?\\d+");
    }

    /** The forms a float takes; compiled only when a float is parsed. */
    private static final class FloatSyntax {
        static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
        static final Pattern HEX = Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");
    }

    private long parseFloat(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        boolean negative = s.startsWith("-");
        String bare = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        double special = switch (bare) {
            case "inf", "infinity" -> negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> 0;
        };
        boolean isSpecial = bare.equals("inf") || bare.equals("infinity") || bare.equals("nan");
        if (!isSpecial && !FloatSyntax.DECIMAL.matcher(text).matches() && !FloatSyntax.HEX.matcher(text).matches()) {
            throw ShmException.usage("'" + text + "' is not " + article() + " " + name() + " (a number: 1.5, -2e-3, inf, nan)");
        }
        // strtod reads 0x10 as 16; Java wants the binary exponent
        String number = !isSpecial && FloatSyntax.HEX.matcher(text).matches() && s.indexOf('p') < 0 ? text + "p0" : text;
        if (kind == Kind.F16) {
            // rounded once, from the decimal to the nearest half (through a double, which could round twice
            // only for a decimal within 2^-53 of a tie between two halves)
            double exact = isSpecial ? special : Double.parseDouble(number);
            short half = Float.floatToFloat16((float) exact);
            if (!isSpecial && (Float.isInfinite(Float.float16ToFloat(half)) || Float.float16ToFloat(half) == 0 && exact != 0)) {
                throw ShmException.usage("'" + text + "' does not fit in f16 (" + (Float.isInfinite(Float.float16ToFloat(half))
                        ? "largest ±65504" : "smallest ±6.0e-8") + ")");
            }
            return half & 0xffffL;
        }
        if (kind == Kind.F32) {
            float value = isSpecial ? (float) special : Float.parseFloat(number);
            if (!isSpecial && (Float.isInfinite(value) || value == 0 && Double.parseDouble(number) != 0)) {
                throw ShmException.usage("'" + text + "' does not fit in f32 (" + (Float.isInfinite(value)
                        ? "largest ±3.4028235e38" : "smallest ±1.4e-45") + ")");
            }
            return Float.floatToRawIntBits(value) & 0xffffffffL;
        }
        double value = isSpecial ? special : Double.parseDouble(number);
        if (!isSpecial && (Double.isInfinite(value) || value == 0 && !isZero(number))) {
            throw ShmException.usage("'" + text + "' does not fit in f64 (" + (Double.isInfinite(value)
                    ? "largest ±1.7976931348623157e308" : "smallest ±4.9e-324") + ")");
        }
        return Double.doubleToRawLongBits(value);
    }

    /** Whether a decimal or hex float text has only zero digits in its mantissa. */
    private static boolean isZero(String text) {
        String mantissa = text.replaceFirst("[eEpP].*$", "").replaceFirst("^[+-]?(0[xX])?", "");
        return mantissa.replace("0", "").replace(".", "").isEmpty();
    }

    private String article() {
        return kind.signed ? "an" : "a"; // an i32, an f64, a u8
    }

    /** The value as text: 42, 18446744073709551615, 1.5, 1.0e10, inf, -inf, nan. Parses back to the same bits (except NaN payloads). */
    public String format(long bits) {
        return switch (kind) {
            case F16 -> formatHalf((short) bits);
            case F32 -> formatFloating(Float.intBitsToFloat((int) bits));
            case F64 -> formatFloating(Double.longBitsToDouble(bits));
            case U64 -> Long.toUnsignedString(bits);
            default -> Long.toString(bits);
        };
    }

    /** The shortest decimal that reads back as this half (Float.toString would give a float's digits). */
    private static String formatHalf(short half) {
        float value = Float.float16ToFloat(half);
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            return special(value);
        }
        for (int digits = 1; digits < 9; digits++) {
            String text = new java.math.BigDecimal(value).round(new java.math.MathContext(digits)).toString();
            if (Float.floatToFloat16(Float.parseFloat(text)) == half) {
                return formatFloating(Float.parseFloat(text)).replace("E", "e");
            }
        }
        return formatFloating(value);
    }

    private static String formatFloating(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            return special(value);
        }
        // the shortest text that reads back as this float, not the longer double it widens to
        return Float.toString(value).replace('E', 'e');
    }

    private static String formatFloating(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return special(value);
        }
        return Double.toString(value).replace('E', 'e');
    }

    private static String special(double value) {
        return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
    }

    /** The value as a double, for drawing it: floats as they are, integers converted (a u64 past 2^53 rounds). */
    public double toDouble(long bits) {
        return switch (kind) {
            case F32 -> Float.intBitsToFloat((int) bits);
            case F64 -> Double.longBitsToDouble(bits);
            case U64 -> bits >= 0 ? bits : (double) (bits >>> 1) * 2.0 + (bits & 1);
            default -> bits;
        };
    }

    /** The value as JSON: a number, or for a float that JSON cannot hold the string "nan", "inf" or "-inf". */
    public String json(long bits) {
        String text = format(bits);
        return isFloat() && (text.equals("nan") || text.endsWith("inf")) ? "\"" + text + "\"" : text;
    }

    /**
     * Appends what {@link #format} or (with {@code json}) {@link #json} gives, without making a String:
     * a --count of millions then prints without garbage (StringBuilder writes a double's shortest
     * digits straight into its own array).
     */
    public void appendTo(StringBuilder out, long bits, boolean json) {
        switch (kind) {
            case F16 -> out.append(json ? json(bits) : format(bits));
            case F32 -> appendFloating(out, Float.intBitsToFloat((int) bits), json);
            case F64 -> appendFloating(out, Double.longBitsToDouble(bits), json);
            case U64 -> {
                if (bits >= 0) {
                    out.append(bits);
                } else {
                    out.append(Long.divideUnsigned(bits, 10)).append(Long.remainderUnsigned(bits, 10));
                }
            }
            default -> out.append(bits);
        }
    }

    private void appendFloating(StringBuilder out, double value, boolean json) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            String text = special(value);
            if (json) {
                out.append('"').append(text).append('"');
            } else {
                out.append(text);
            }
            return;
        }
        int start = out.length();
        if (kind == Kind.F32) {
            out.append((float) value);
        } else {
            out.append(value);
        }
        for (int i = out.length() - 1; i > start; i--) {
            if (out.charAt(i) == 'E') {
                out.setCharAt(i, 'e');
                break;
            }
        }
    }

    // ---- values in memory -----------------------------------------------------------------------

    /** Whether {@code offset} in {@code memory} is naturally aligned for this type (so atomic access works). */
    public boolean isAlignedIn(Memory memory, long offset) {
        return memory.isAligned(offset, kind.size);
    }

    /** Reads the value at {@code offset}: one atomic load when aligned in mapped memory. */
    public long load(Memory memory, long offset) {
        boolean aligned = kind.size > 1 && memory.isAligned(offset, kind.size);
        long raw = switch (kind.size) {
            case 1 -> memory.getByte(offset);
            case 2 -> aligned ? memory.getShortVolatile(offset, order) : memory.getShort(offset, order);
            case 4 -> aligned ? memory.getIntVolatile(offset, order) : memory.getInt(offset, order);
            default -> aligned ? memory.getLongVolatile(offset, order) : memory.getLong(offset, order);
        };
        return extend(raw);
    }

    /** Writes the value at {@code offset}: one atomic store when aligned in mapped memory. */
    public void store(WritableMemory memory, long offset, long bits) {
        boolean aligned = kind.size > 1 && memory.isAligned(offset, kind.size);
        switch (kind.size) {
            case 1 -> memory.putByte(offset, (byte) bits);
            case 2 -> {
                if (aligned) {
                    memory.putShortVolatile(offset, (short) bits, order);
                } else {
                    memory.putShort(offset, (short) bits, order);
                }
            }
            case 4 -> {
                if (aligned) {
                    memory.putIntVolatile(offset, (int) bits, order);
                } else {
                    memory.putInt(offset, (int) bits, order);
                }
            }
            default -> {
                if (aligned) {
                    memory.putLongVolatile(offset, bits, order);
                } else {
                    memory.putLong(offset, bits, order);
                }
            }
        }
    }
}
