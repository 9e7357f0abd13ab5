package shmkit.hex;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import shmkit.value.ValueType;

/**
 * Typed columns as GNU od prints them with {@code -A RADIX -t TYPE} (one type): an offset, then the
 * line's values right-aligned in od's field widths, a '*' for repeated lines when squeezing (od's
 * default, shm's --squeeze), and a last line holding the end offset. A value cut short by the end
 * of the data is completed with zero bytes, as od does. Floats print as od prints them: C's
 * {@code %g} with the fewest digits that read back as the same value.
 */
final class ColumnDumper {
    /** A column type: od's letter (d u o x f), its size in bytes and its byte order. */
    record Type(char kind, int size, ByteOrder order) {
        /**
         * od's spellings ({@code x4 u2 f8 d1 o2}, the letters C S I L for 1 2 4 8 and F D for floats, a
         * letter alone for int or double) and shm's type names ({@code u32 i16be f64}); a trailing
         * {@code le} or {@code be} names the byte order of either (default: this machine's, as od).
         * Where the two disagree shm's name wins: {@code u8} is one byte, as in every shm command
         * (od's eight-byte unsigned is {@code u64} or {@code uL}).
         */
        static Type parse(String spelling) {
            String s = spelling.strip().toLowerCase(Locale.ROOT);
            try {
                ValueType type = ValueType.parse(s);
                char kind = type.isFloat() ? 'f' : type.isSigned() ? 'd' : 'u';
                return new Type(kind, type.size(), type.order());
            } catch (IllegalArgumentException notShm) {
                // od's spelling, below
            }
            ByteOrder order = ValueType.NATIVE;
            if (s.length() > 2 && (s.endsWith("le") || s.endsWith("be"))) {
                order = s.endsWith("le") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
                s = s.substring(0, s.length() - 2);
            }
            if (!s.isEmpty() && "duoxf".indexOf(s.charAt(0)) >= 0) {
                char kind = s.charAt(0);
                String size = s.substring(1);
                int bytes = switch (size) {
                    case "" -> kind == 'f' ? 8 : 4;
                    case "1", "c" -> kind == 'f' ? -1 : 1;
                    case "2", "s" -> kind == 'f' ? -1 : 2;
                    case "4", "i" -> 4;
                    case "8", "l" -> 8;
                    case "f" -> kind == 'f' ? 4 : -1;
                    case "d" -> kind == 'f' ? 8 : -1;
                    default -> -1;
                };
                if (bytes > 0) {
                    return new Type(kind, bytes, order);
                }
            }
            throw new IllegalArgumentException("--as '" + spelling + "' is not a type: give one of shm's ("
                    + ValueType.NAMES + ", with le or be for a byte order) or od's -t spelling (d1 d2 d4 d8, u1.., o1.., "
                    + "x1 x2 x4 x8, f4 f8)");
        }

        /** od's field width: the widest value of the type, and one space before it. */
        int width() {
            int index = Integer.numberOfTrailingZeros(size);
            return 1 + switch (kind) {
                case 'd' -> new int[] {4, 6, 11, 20}[index];
                case 'u' -> new int[] {3, 5, 10, 20}[index];
                case 'o' -> new int[] {3, 6, 11, 22}[index];
                case 'x' -> 2 * size;
                default -> size == 4 ? 15 : 24;
            };
        }
    }

    private static final int FLUSH_AT = 1 << 16;

    private final Type type;
    private final char radix;
    private final int cols;
    private final boolean squeeze;
    private final boolean upper;
    private final long displayOffset;

    ColumnDumper(Type type, Character radix, int cols, boolean squeeze, boolean upper, long displayOffset) {
        this.type = type;
        this.radix = radix == null ? 'o' : radix;
        if ("doxn".indexOf(this.radix) < 0) {
            throw new IllegalArgumentException("--radix '" + radix + "' is not one of d, o, x and n (none), as od -A takes");
        }
        this.cols = cols == 0 ? 16 : cols;
        if (this.cols % type.size != 0) {
            throw new IllegalArgumentException("--cols " + cols + " is not a whole number of " + type.size
                    + "-byte values (od -w refuses it too)");
        }
        this.squeeze = squeeze;
        this.upper = upper;
        this.displayOffset = displayOffset;
    }

    Printer start(OutputStream out, long offset) {
        return new Session(out, offset);
    }

    /** C's {@code %.{precision}g} of a finite, non-zero value, rounded to nearest, ties to even (as glibc). */
    static String cFormatG(double value, int precision) {
        BigDecimal rounded = new BigDecimal(Math.abs(value)).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        String sign = value < 0 ? "-" : "";
        if (exponent < -4 || exponent >= precision) {
            String digits = rounded.unscaledValue().toString();
            StringBuilder mantissa = new StringBuilder().append(digits.charAt(0));
            String fraction = stripZeros(digits.substring(1));
            if (!fraction.isEmpty()) {
                mantissa.append('.').append(fraction);
            }
            String e = Integer.toString(Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (e.length() < 2 ? "0" : "") + e;
        }
        String plain = rounded.setScale(Math.max(0, precision - 1 - exponent), RoundingMode.HALF_EVEN).toPlainString();
        if (plain.indexOf('.') >= 0) {
            plain = stripZeros(plain);
            if (plain.endsWith(".")) {
                plain = plain.substring(0, plain.length() - 1);
            }
        }
        return sign + plain;
    }

    private static String stripZeros(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') {
            end--;
        }
        return s.substring(0, end);
    }

    /** A float as od prints it (gnulib's ftoastr): the shortest %g, from FLT_DIG digits up, that reads back the same. */
    static String formatFloat(float f) {
        if (Float.isNaN(f)) {
            return (Float.floatToRawIntBits(f) < 0 ? "-" : "") + "nan";
        }
        if (Float.isInfinite(f)) {
            return f < 0 ? "-inf" : "inf";
        }
        if (f == 0) {
            return (Float.floatToRawIntBits(f) < 0 ? "-" : "") + "0";
        }
        for (int p = Math.abs(f) < Float.MIN_NORMAL ? 1 : 6; ; p++) {
            String s = cFormatG(f, p);
            if (p >= 9 || Float.parseFloat(s) == f) {
                return s;
            }
        }
    }

    /** A double as od prints it: the shortest %g, from DBL_DIG digits up, that reads back the same. */
    static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return (Double.doubleToRawLongBits(d) < 0 ? "-" : "") + "nan";
        }
        if (Double.isInfinite(d)) {
            return d < 0 ? "-inf" : "inf";
        }
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0 ? "-" : "") + "0";
        }
        for (int p = Math.abs(d) < Double.MIN_NORMAL ? 1 : 15; ; p++) {
            String s = cFormatG(d, p);
            if (p >= 17 || Double.parseDouble(s) == d) {
                return s;
            }
        }
    }

    private final class Session implements Printer {
        private final OutputStream out;
        private final byte[] buffer = new byte[FLUSH_AT + 4096];
        private int pos;
        private long offset;
        private final byte[] line = new byte[cols];
        private int count;
        private final byte[] previous = new byte[cols];
        private boolean hasPrevious;
        private boolean starred;
        private final StringBuilder text = new StringBuilder();

        Session(OutputStream out, long offset) {
            this.out = out;
            this.offset = offset;
        }

        @Override
        public void write(byte[] data, int from, int length) throws IOException {
            while (length > 0) {
                int n = Math.min(cols - count, length);
                System.arraycopy(data, from, line, count, n);
                count += n;
                from += n;
                length -= n;
                if (count == cols) {
                    fullLine();
                }
            }
        }

        private void fullLine() throws IOException {
            if (squeeze && hasPrevious && Arrays.equals(previous, line)) {
                if (!starred) {
                    append("*\n");
                    starred = true;
                }
            } else {
                print(cols);
                System.arraycopy(line, 0, previous, 0, cols);
                hasPrevious = true;
                starred = false;
            }
            offset += cols;
            count = 0;
        }

        @Override
        public void finish() throws IOException {
            if (count > 0) {
                print(count);
                offset += count;
                count = 0;
            }
            if (radix != 'n') {
                text.setLength(0);
                address(offset + displayOffset);
                text.append('\n');
                append(text);
            }
            if (pos > 0) {
                out.write(buffer, 0, pos);
                pos = 0;
            }
            out.flush();
        }

        /** The line's first n bytes: its address and ceil(n / size) values, the last completed with zeros. */
        private void print(int n) throws IOException {
            text.setLength(0);
            if (radix != 'n') {
                address(offset + displayOffset);
            }
            int size = type.size;
            int width = type.width();
            for (int at = 0; at < n; at += size) {
                long bits = 0;
                for (int k = 0; k < size; k++) {
                    int index = type.order == ByteOrder.BIG_ENDIAN ? k : size - 1 - k;
                    int b = at + index < n ? line[at + index] & 0xff : 0;
                    bits = bits << 8 | b;
                }
                String value = value(bits, size);
                for (int pad = value.length(); pad < width; pad++) {
                    text.append(' ');
                }
                text.append(value);
            }
            text.append('\n');
            append(text);
        }

        private String value(long bits, int size) {
            return switch (type.kind) {
                case 'd' -> Long.toString(bits << (64 - 8 * size) >> (64 - 8 * size));
                case 'u' -> Long.toUnsignedString(bits);
                case 'o' -> zeroPadded(Long.toOctalString(bits), new int[] {3, 6, 11, 22}[Integer.numberOfTrailingZeros(size)]);
                case 'x' -> {
                    String hex = zeroPadded(Long.toHexString(bits), 2 * size);
                    yield upper ? hex.toUpperCase(Locale.ROOT) : hex;
                }
                default -> size == 4 ? formatFloat(Float.intBitsToFloat((int) bits)) : formatDouble(Double.longBitsToDouble(bits));
            };
        }

        /** od's address: at least 7 digits in decimal and octal, 6 in hex. */
        private void address(long at) {
            String digits = switch (radix) {
                case 'd' -> Long.toUnsignedString(at);
                case 'x' -> Long.toHexString(at);
                default -> Long.toOctalString(at);
            };
            text.append(zeroPadded(digits, radix == 'x' ? 6 : 7));
        }

        private void append(CharSequence s) throws IOException {
            if (pos + s.length() * 3 > buffer.length) {
                out.write(buffer, 0, pos);
                pos = 0;
            }
            byte[] bytes = s.toString().getBytes(StandardCharsets.US_ASCII);
            if (bytes.length > buffer.length) {
                out.write(bytes);
                return;
            }
            System.arraycopy(bytes, 0, buffer, pos, bytes.length);
            pos += bytes.length;
        }
    }

    private static String zeroPadded(String digits, int width) {
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
