package shmkit.watch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import shmkit.ShmException;
import shmkit.hex.Hex;
import shmkit.text.Json;
import shmkit.text.SafeText;

/** The value formats watch has of its own: those of read, each made into exactly one line. */
public final class LineFormats {
    /** The most bytes one line shows: a line of a gigabyte helps nobody and would not fit in a String. */
    public static final long LINE_LIMIT = 16 << 20;

    private LineFormats() {}

    /**
     * The bytes up to the first NUL as text: valid UTF-8 passes, a newline shows as {@code \n}, other
     * control bytes and invalid UTF-8 as {@code \xNN} (as read shows them on a terminal).
     */
    public static final LineFormat TEXT = bytes -> {
        byte[] text = textOf(bytes);
        return line(text, text.length);
    };

    /** Every byte as two lower-case hex digits, no separators (what 'write --hex' takes). */
    public static final LineFormat HEX = bytes -> {
        byte[] raw = bytesOf(bytes, bytes.length());
        byte[] digits = new byte[raw.length * 2];
        Hex.encode(raw, 0, raw.length, digits, 0);
        return new String(digits, StandardCharsets.US_ASCII);
    };

    /** Every byte, text where it is text and escaped where not ({@code \0}, {@code \n}, {@code \xNN}). */
    public static final LineFormat ESCAPED = bytes -> escaped(bytes, bytes.length());

    /**
     * A plain format's value as a JSON string (--json without --as): --text's text as UTF-8 (a byte
     * that is not UTF-8 becomes U+FFFD: JSON holds text, not bytes; a newline is \n as JSON writes
     * it), --hex's digits, and every other line as it shows.
     */
    public static LineFormat json(LineFormat plain) {
        if (plain == TEXT) {
            return bytes -> Json.quoted(new String(textOf(bytes), StandardCharsets.UTF_8));
        }
        return bytes -> Json.quoted(plain.format(bytes));
    }

    /*
     * A watch formats a line per change, a few dozen a second: too seldom for the JIT to compile this
     * code, so it is written to be quick when interpreted (bulk copies, plain array loops, no
     * per-byte MemorySegment access), which took a change's formatting from ~150 to ~20 µs.
     */
    private static String escaped(WatchedBytes bytes, long length) {
        return line(bytesOf(bytes, length), (int) length);
    }

    /** The line for n bytes: as they are when all printable ASCII (the usual case), else made safe. */
    private static String line(byte[] raw, int n) {
        int i = 0;
        while (i < n && raw[i] >= 0x20 && raw[i] != 0x7f) {
            i++;
        }
        if (i == n) {
            return new String(raw, 0, n, StandardCharsets.ISO_8859_1);
        }
        return SafeText.lineOf(raw, 0, n);
    }

    /** The bytes before the first NUL, copied out a page at a time so a large range costs only its text. */
    private static byte[] textOf(WatchedBytes bytes) {
        long size = bytes.length();
        byte[] text = new byte[(int) Math.min(size, 4096)];
        int filled = 0;
        while (true) {
            int n = (int) Math.min(text.length - filled, size - filled);
            bytes.copy(filled, text, filled, n);
            for (int i = filled; i < filled + n; i++) {
                if (text[i] == 0) {
                    return Arrays.copyOf(text, i);
                }
            }
            filled += n;
            if (filled == size) {
                return text;
            }
            if (filled >= LINE_LIMIT) {
                throw ShmException.failure("the text has no NUL in its first " + LINE_LIMIT
                        + " bytes; a line shows at most that much (watch a part with --length)");
            }
            text = Arrays.copyOf(text, (int) Math.min(Math.min(size, LINE_LIMIT), 2L * text.length));
        }
    }

    private static byte[] bytesOf(WatchedBytes bytes, long length) {
        if (length > LINE_LIMIT) {
            throw ShmException.failure("a line shows at most " + LINE_LIMIT + " bytes; this one would show "
                    + length + " (watch a part with --length, or use --text)");
        }
        return bytes.bytes(0, (int) length);
    }

    /** All the bytes in an array of their own, for the typed formats; as bounded as any line. */
    static byte[] copyOf(WatchedBytes bytes) {
        if (bytes.length() > LINE_LIMIT) {
            throw ShmException.failure("a line shows at most " + LINE_LIMIT + " bytes; this value has "
                    + bytes.length());
        }
        return bytes.bytes(0, (int) bytes.length());
    }
}
