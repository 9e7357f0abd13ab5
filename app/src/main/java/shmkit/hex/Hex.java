package shmkit.hex;

import shmkit.ShmException;

/** Hex text to bytes and back: the forms --hex takes ('de ad be ef', 'deadbeef', '0xdead beef'). */
public final class Hex {
    /** The lower-case digits, indexed by nibble; the dumper builds its tables from these. */
    static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The upper-case digits (xxd -u). */
    static final byte[] UPPER_DIGITS = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Hex() {}

    /** Parses hex digits, ignoring white space and one leading 0x per word; refuses anything else. */
    public static byte[] parse(String text) {
        byte[] out = new byte[text.length() / 2 + 1];
        int count = 0;
        int high = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            boolean wordStart = i == 0 || Character.isWhitespace(text.charAt(i - 1));
            if (wordStart && c == '0' && i + 1 < text.length() && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                    && high < 0) {
                i++;
                continue;
            }
            int digit = Character.digit(c, 16);
            if (digit < 0 || c > 127) {
                throw ShmException.usage("hex '" + text + "': '" + c + "' at position " + (i + 1) + " is not a hex digit");
            }
            if (high < 0) {
                high = digit;
            } else {
                out[count++] = (byte) (high << 4 | digit);
                high = -1;
            }
        }
        if (high >= 0) {
            throw ShmException.usage("hex '" + text + "' has an odd number of digits; each byte takes two");
        }
        return java.util.Arrays.copyOf(out, count);
    }

    /** The value of one ASCII hex digit (either case), or -1 for any other byte. */
    public static int digit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /** Lower-case hex digits of {@code length} bytes into {@code out}, two a byte, no separators. */
    public static void encode(byte[] bytes, int from, int length, byte[] out, int at) {
        for (int i = 0; i < length; i++) {
            int b = bytes[from + i] & 0xff;
            out[at++] = DIGITS[b >>> 4];
            out[at++] = DIGITS[b & 15];
        }
    }
}
