package shmkit.watch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import shmkit.ShmException;
import shmkit.hex.Hex;
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
        long end = indexOfNul(bytes, Math.min(bytes.byteSize(), LINE_LIMIT + 1));
        if (end < 0) {
            if (bytes.byteSize() > LINE_LIMIT) {
                throw ShmException.failure("the text has no NUL in its first " + LINE_LIMIT
                        + " bytes; a line shows at most that much (watch a part with --length)");
            }
            end = bytes.byteSize();
        }
        return escaped(bytes, end);
    };

    /** Every byte as two lower-case hex digits, no separators (what 'write --hex' takes). */
    public static final LineFormat HEX = bytes -> {
        byte[] raw = bytesOf(bytes, bytes.byteSize());
        byte[] digits = new byte[raw.length * 2];
        Hex.encode(raw, 0, raw.length, digits, 0);
        return new String(digits, StandardCharsets.US_ASCII);
    };

    /** Every byte, text where it is text and escaped where not ({@code \0}, {@code \n}, {@code \xNN}). */
    public static final LineFormat ESCAPED = bytes -> escaped(bytes, bytes.byteSize());

    private static String escaped(MemorySegment bytes, long length) {
        byte[] raw = bytesOf(bytes, length);
        SafeText safe = new SafeText();
        StringBuilder line = new StringBuilder(raw.length + 16);
        safe.append(raw, 0, raw.length, line);
        safe.finish(line);
        // SafeText passes newlines (it prints documents); a watch line must stay one line.
        for (int i = line.indexOf("\n"); i >= 0; i = line.indexOf("\n", i + 2)) {
            line.replace(i, i + 1, "\\n");
        }
        return line.toString();
    }

    private static byte[] bytesOf(MemorySegment bytes, long length) {
        if (length > LINE_LIMIT) {
            throw ShmException.failure("a line shows at most " + LINE_LIMIT + " bytes; this one would show "
                    + length + " (watch a part with --length, or use --text)");
        }
        byte[] raw = new byte[(int) length];
        MemorySegment.copy(bytes, ValueLayout.JAVA_BYTE, 0, raw, 0, raw.length);
        return raw;
    }

    private static long indexOfNul(MemorySegment bytes, long limit) {
        for (long i = 0; i < limit; i++) {
            if (bytes.get(ValueLayout.JAVA_BYTE, i) == 0) {
                return i;
            }
        }
        return -1;
    }
}
