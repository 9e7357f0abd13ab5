package shmkit.hex;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import shmkit.ShmException;

/**
 * Reads a hex dump back into bytes and the offsets they go to: the xxd layout (what xxd and
 * {@code shm dump} print, squeezed or not), hexdump -C's canonical layout, and plain hex
 * ({@code xxd -p}). Where {@code xxd -r} skips what it does not understand, this refuses it: a line
 * that is not a dump line is an error naming its number and its text. The whole dump is read and
 * checked, every offset against the size of the target, before the caller writes a byte: the
 * result is a {@link Patch} known to fit, held in memory (as many bytes as it writes, except that
 * a squeezed run is kept as one line and a count).
 *
 * <p>A {@code *} line stands for copies of the line before it, as many as reach the offset of the
 * next line (a data line, or hexdump's last line that holds only the end offset). Colour escapes
 * (ANSI SGR, as {@code shm dump --color} prints) are ignored. The text column is not checked, so a
 * dump edited in its hex digits alone says what it means.
 */
public final class DumpParser {
    /** Longer lines are not dump lines (4096 columns of colour fit easily); plain hex may be longer. */
    static final int MAX_LINE = 1 << 20;
    /** Consecutive lines are gathered into pieces of up to this many bytes. */
    private static final int PIECE = 1 << 20;
    /** The value of each byte as a hex digit, -1 for the rest. */
    private static final byte[] VALUE = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            VALUE[c] = (byte) Hex.digit(c);
        }
    }

    private final LineReader lines;
    private final long base;
    private final long limit;
    private final String target;
    private final Patch patch = new Patch();

    private enum Mode { UNKNOWN, OFFSETS, PLAIN }

    private Mode mode = Mode.UNKNOWN;
    // The data line before (what a '*' repeats) and where it ended, in the dump's own offsets.
    private byte[] lastLine = new byte[64];
    private int lastLength = -1;
    private long lastEnd;
    /** The line number of a '*' still waiting for the offset that closes it, else 0. */
    private int starLine;
    // Plain hex: where the next byte goes, and a digit waiting for its pair.
    private long plainAt;
    private int plainHigh = -1;
    // Decoded bytes of the current line.
    private byte[] bytes = new byte[256];
    private int count;

    private DumpParser(InputStream in, long base, long limit, String target) {
        this.lines = new LineReader(in);
        this.base = base;
        this.limit = limit;
        this.target = target;
        this.plainAt = base;
    }

    /**
     * Reads the whole dump from {@code in}.
     *
     * @param base   added to every offset the dump names (plain hex starts here)
     * @param limit  the size of the target: every byte must land below it
     * @param target how messages name the target, e.g. {@code 'demo'}
     * @throws ShmException (usage) naming the first line that is malformed or lands outside the target
     */
    public static Patch parse(InputStream in, long base, long limit, String target) throws IOException {
        DumpParser parser = new DumpParser(in, base, limit, target);
        parser.run();
        return parser.patch;
    }

    private void run() throws IOException {
        while (lines.next()) {
            byte[] line = lines.line();
            int length = stripColor(line, lines.length());
            if (mode == Mode.UNKNOWN) {
                if (isBlank(line, length)) {
                    continue;
                }
                mode = looksLikeOffsets(line, length) ? Mode.OFFSETS : Mode.PLAIN;
            }
            if (mode == Mode.PLAIN) {
                plainLine(line, length);
            } else {
                if (!lines.complete()) {
                    throw bad("is longer than " + MAX_LINE + " bytes; a dump line is far shorter", line, length);
                }
                offsetLine(line, length);
            }
        }
        if (starLine != 0) {
            throw ShmException.usage("line " + starLine + " of the dump ('*') is the last: nothing says how far its "
                    + "repeats reach (the offset of the line after it does)");
        }
        patch.close();
    }

    // ---- the xxd and canonical layouts --------------------------------------------------------

    private void offsetLine(byte[] line, int length) {
        int i = skipSpaces(line, 0, length);
        int end = trimEnd(line, length);
        if (i == end) {
            return;
        }
        if (line[i] == '*' && i + 1 == end) {
            if (lastLength <= 0) {
                throw bad("is a '*' with no line before it to repeat", line, length);
            }
            if (starLine != 0) {
                throw bad("is a second '*' in a row", line, length);
            }
            starLine = lines.number();
            return;
        }
        int digitsEnd = i;
        while (digitsEnd < length && digit(line[digitsEnd]) >= 0) {
            digitsEnd++;
        }
        if (digitsEnd == i) {
            throw bad("is not a dump line: it should start with an offset in hex, or be '*'", line, length);
        }
        if (digitsEnd - i > 16) {
            throw bad("has an offset of " + (digitsEnd - i) + " digits; 16 is the most", line, length);
        }
        long offset = 0;
        for (int k = i; k < digitsEnd; k++) {
            offset = offset << 4 | VALUE[line[k] & 0xff];
        }
        count = 0;
        if (digitsEnd == end) {
            // hexdump's last line: the end offset alone
            endOffset(offset, line, length);
            return;
        }
        if (line[digitsEnd] == ':') {
            xxdBytes(line, digitsEnd + 1, length);
        } else if (line[digitsEnd] == ' ' || line[digitsEnd] == '\t') {
            canonicalBytes(line, digitsEnd, length);
        } else {
            throw bad("has '" + shown(line[digitsEnd]) + "' after its offset; expected ':' (xxd) or spaces (hexdump -C)",
                    line, length);
        }
        if (count == 0) {
            endOffset(offset, line, length);
            return;
        }
        continueStar(offset, line, length);
        add(offset, line, length);
        if (lastLine.length < count) {
            lastLine = new byte[Math.max(count, lastLine.length * 2)];
        }
        System.arraycopy(bytes, 0, lastLine, 0, count);
        lastLength = count;
        lastEnd = offset + count;
    }

    /** {@code OFFSET: 4865 6c6c 6f  Hello}: groups of digits with one space between, two spaces before the text. */
    private void xxdBytes(byte[] line, int i, int length) {
        if (i < length && line[i] == ' ') {
            i++;
        }
        while (i < length) {
            int start = i;
            while (i < length && digit(line[i]) >= 0) {
                i++;
            }
            if (i == start) {
                if (line[i] == ' ') {
                    return; // two spaces: the text column follows
                }
                throw bad("has '" + shown(line[i]) + "' where a hex digit belongs (column " + (i + 1) + ")", line, length);
            }
            if (i < length && line[i] != ' ') {
                throw bad("has '" + shown(line[i]) + "' where a hex digit belongs (column " + (i + 1) + ")", line, length);
            }
            if ((i - start) % 2 != 0) {
                throw bad("has the group '" + new String(line, start, i - start, US_ASCII)
                        + "' with an odd number of digits; each byte takes two", line, length);
            }
            decode(line, start, i);
            i++;
        }
    }

    /** {@code OFFSET  48 65 6c  |Hel|}: two-digit bytes between spaces, then the text between bars. */
    private void canonicalBytes(byte[] line, int i, int length) {
        while (true) {
            i = skipSpaces(line, i, length);
            if (i == length || line[i] == '|') {
                return;
            }
            int start = i;
            while (i < length && digit(line[i]) >= 0) {
                i++;
            }
            if (i - start != 2 || i < length && line[i] != ' ' && line[i] != '\t') {
                int stop = i;
                while (stop < length && line[stop] != ' ') {
                    stop++;
                }
                throw bad("has '" + new String(line, start, Math.max(stop - start, 1), java.nio.charset.StandardCharsets.ISO_8859_1)
                        + "' where a byte of two hex digits belongs (column " + (start + 1) + ")", line, length);
            }
            decode(line, start, i);
        }
    }

    /** An offset that ends what came before: it closes a '*' run, or must match the end of the last line. */
    private void endOffset(long offset, byte[] line, int length) {
        if (starLine != 0) {
            continueStar(offset, line, length);
        } else if (lastLength >= 0 && offset != lastEnd) {
            throw bad("ends the dump at 0x" + Long.toHexString(offset) + ", but the line before ends at 0x"
                    + Long.toHexString(lastEnd), line, length);
        }
        place(offset, 0, line, length);
        lastLength = -1;
    }

    /** Writes the copies a pending '*' stands for, up to {@code offset}. */
    private void continueStar(long offset, byte[] line, int length) {
        if (starLine == 0) {
            return;
        }
        long gap = offset - lastEnd;
        if (gap <= 0 || gap % lastLength != 0) {
            throw bad("has offset 0x" + Long.toHexString(offset) + ", which does not close the '*' on line " + starLine
                    + ": it must lie a whole number of " + lastLength + "-byte lines after 0x" + Long.toHexString(lastEnd),
                    line, length);
        }
        long at = place(lastEnd, gap, line, length);
        patch.repeat(at, Arrays.copyOf(lastLine, lastLength), gap / lastLength);
        starLine = 0;
    }

    private void add(long offset, byte[] line, int length) {
        long at = place(offset, count, line, length);
        patch.data(at, bytes, count);
    }

    /** Where {@code n} bytes at dump offset {@code offset} land in the target; refused if not wholly inside it. */
    private long place(long offset, long n, byte[] line, int length) {
        long at = base + offset;
        if (offset < 0 || at < base || at > limit || n > limit - at) {
            String where = base == 0 ? "offset 0x" + Long.toHexString(offset)
                    : "offset 0x" + Long.toHexString(offset) + " + --offset " + base;
            throw bad("puts " + n + " bytes at " + where + (at >= base ? " (" + at + ")" : "") + ", past the end of "
                    + target + " (" + limit + " bytes)", line, length);
        }
        return at;
    }

    // ---- plain hex ----------------------------------------------------------------------------

    /**
     * Words of hex digits, each a whole number of bytes, between white space; offsets run on from
     * --offset. A line longer than MAX_LINE arrives in pieces, so a digit may wait for its pair.
     */
    private void plainLine(byte[] line, int length) {
        count = 0;
        if (bytes.length < length / 2 + 1) {
            bytes = new byte[length / 2 + 1];
        }
        int wordStart = 0;
        for (int i = 0; i < length; i++) {
            byte c = line[i];
            int digit = VALUE[c & 0xff];
            if (digit >= 0) {
                if (plainHigh < 0) {
                    plainHigh = digit;
                } else {
                    bytes[count++] = (byte) (plainHigh << 4 | digit);
                    plainHigh = -1;
                }
            } else if (c == ' ' || c == '\t') {
                if (plainHigh >= 0) {
                    throw oddWord(line, wordStart, i, length);
                }
                wordStart = i + 1;
            } else {
                throw bad("has '" + shown(c) + "' (column " + (i + 1) + "), which is not a hex digit; plain hex "
                        + "is digits and spaces alone", line, length);
            }
        }
        if (plainHigh >= 0 && lines.complete()) {
            throw oddWord(line, wordStart, length, length);
        }
        if (count > 0) {
            if (plainAt > limit || count > limit - plainAt) {
                throw bad("runs past the end of " + target + " (" + limit + " bytes): its bytes would start at "
                        + plainAt, line, length);
            }
            patch.data(plainAt, bytes, count);
            plainAt += count;
        }
    }

    private ShmException oddWord(byte[] line, int from, int to, int length) {
        String word = new String(line, from, Math.min(to - from, 24), US_ASCII);
        return bad("has the word '" + word + (to - from > 24 ? "..." : "") + "' with an odd number of digits; "
                + "each byte takes two", line, length);
    }

    // ---- pieces -------------------------------------------------------------------------------

    private void decode(byte[] line, int from, int to) {
        int n = (to - from) / 2;
        if (count + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(count + n, bytes.length * 2));
        }
        for (int i = from; i < to; i += 2) {
            bytes[count++] = (byte) (digit(line[i]) << 4 | digit(line[i + 1]));
        }
    }

    private static int digit(byte c) {
        return VALUE[c & 0xff];
    }

    private static boolean looksLikeOffsets(byte[] line, int length) {
        int i = skipSpaces(line, 0, length);
        if (i < length && line[i] == '*') {
            return true;
        }
        int start = i;
        while (i < length && digit(line[i]) >= 0) {
            i++;
        }
        if (i == start || i == length) {
            return false;
        }
        if (line[i] == ':') {
            return true;
        }
        for (int k = i; k < length; k++) {
            if (line[k] == '|') {
                return line[i] == ' ';
            }
        }
        return false;
    }

    /** Removes ANSI SGR sequences (ESC [ digits and ; m) in place; returns the new length. */
    static int stripColor(byte[] line, int length) {
        int first = 0;
        while (first < length && line[first] != 0x1b) {
            first++;
        }
        int out = first;
        for (int i = first; i < length; i++) {
            if (line[i] == 0x1b && i + 1 < length && line[i + 1] == '[') {
                int k = i + 2;
                while (k < length && (line[k] >= '0' && line[k] <= '9' || line[k] == ';')) {
                    k++;
                }
                if (k < length && line[k] == 'm') {
                    i = k;
                    continue;
                }
            }
            line[out++] = line[i];
        }
        return out;
    }

    private static int skipSpaces(byte[] line, int i, int length) {
        while (i < length && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static int trimEnd(byte[] line, int length) {
        while (length > 0 && (line[length - 1] == ' ' || line[length - 1] == '\t')) {
            length--;
        }
        return length;
    }

    private static boolean isBlank(byte[] line, int length) {
        return trimEnd(line, length) == 0;
    }

    private ShmException bad(String problem, byte[] line, int length) {
        return ShmException.usage("line " + lines.number() + " of the dump ('" + quote(line, length) + "') " + problem);
    }

    /** The line as a message shows it: at most 72 characters, anything not printable as \xNN. */
    private static String quote(byte[] line, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length && text.length() < 72; i++) {
            text.append(shown(line[i]));
        }
        if (text.length() >= 72) {
            text.setLength(69);
            text.append("...");
        }
        return text.toString();
    }

    private static String shown(byte b) {
        int v = b & 0xff;
        return v >= 0x20 && v < 0x7f ? String.valueOf((char) v) : String.format("\\x%02x", v);
    }

    /**
     * The bytes a dump writes and where, checked to fit; applied in the order of the dump, so where
     * two lines name the same bytes the later one wins (as with xxd -r).
     */
    public static final class Patch {
        private final List<Piece> pieces = new ArrayList<>();
        private long low = Long.MAX_VALUE;
        private long high = Long.MIN_VALUE;
        // The piece being gathered: consecutive lines join it until it is full.
        private long openAt;
        private byte[] open;
        private int openLength;

        private record Piece(long offset, byte[] bytes, int length, long times) {}

        /** Receives the writes; {@link shmkit.segment.Region#write(long, byte[], int, int)} fits. */
        @FunctionalInterface
        public interface Target {
            void write(long offset, byte[] bytes, int from, int length);
        }

        private Patch() {}

        void data(long at, byte[] bytes, int length) {
            span(at, length);
            for (int from = 0; from < length; ) {
                if (open == null || at + from != openAt + openLength || openLength == PIECE) {
                    // a run that filled a whole piece is likely to fill the next one too
                    boolean streaming = open != null && openLength == PIECE && at + from == openAt + openLength;
                    close();
                    openAt = at + from;
                    open = new byte[streaming ? PIECE : Math.min(PIECE, Math.max(64, length - from))];
                } else if (openLength == open.length) {
                    open = Arrays.copyOf(open, Math.min(PIECE, open.length * 2));
                }
                int n = Math.min(length - from, open.length - openLength);
                System.arraycopy(bytes, from, open, openLength, n);
                openLength += n;
                from += n;
            }
        }

        void repeat(long at, byte[] line, long times) {
            close();
            span(at, line.length * times);
            pieces.add(new Piece(at, line, line.length, times));
        }

        void close() {
            if (open != null && openLength > 0) {
                pieces.add(new Piece(openAt, open, openLength, 1));
            }
            open = null;
            openLength = 0;
        }

        private void span(long at, long length) {
            if (length > 0) {
                low = Math.min(low, at);
                high = Math.max(high, at + length);
            }
        }

        public boolean isEmpty() {
            return high < low;
        }

        /** The first byte written (when not empty). */
        public long low() {
            return low;
        }

        /** One past the last byte written (when not empty). */
        public long high() {
            return high;
        }

        /** How many bytes the patch writes (overlaps counted twice). */
        public long size() {
            long total = 0;
            for (Piece piece : pieces) {
                total += piece.length * piece.times;
            }
            return total;
        }

        public void applyTo(Target target) {
            for (Piece piece : pieces) {
                if (piece.times == 1) {
                    target.write(piece.offset, piece.bytes, 0, piece.length);
                    continue;
                }
                // A squeezed run: the line copied into a block, written a block at a time.
                int perBlock = (int) Math.max(1, Math.min(piece.times, (64 << 10) / piece.length));
                byte[] block = new byte[perBlock * piece.length];
                for (int i = 0; i < perBlock; i++) {
                    System.arraycopy(piece.bytes, 0, block, i * piece.length, piece.length);
                }
                long at = piece.offset;
                for (long left = piece.times; left > 0; ) {
                    int copies = (int) Math.min(left, perBlock);
                    target.write(at, block, 0, copies * piece.length);
                    at += (long) copies * piece.length;
                    left -= copies;
                }
            }
        }
    }

    /** Lines of bytes from a stream, each cut at {@link #MAX_LINE}; '\n' or '\r\n' ends a line. */
    private static final class LineReader {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int start;
        private int end;
        private boolean eof;
        private byte[] line = new byte[256];
        private int length;
        private boolean complete;
        private int number;
        private boolean continuing;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** Reads the next line (or the next MAX_LINE bytes of a longer one); false at the end of input. */
        boolean next() throws IOException {
            length = 0;
            if (!continuing) {
                number++;
            }
            while (true) {
                if (start == end) {
                    if (eof || !fill()) {
                        complete = true;
                        continuing = false;
                        if (length == 0) {
                            number--;
                            return false;
                        }
                        return true;
                    }
                }
                int newline = -1;
                for (int i = start; i < end; i++) {
                    if (buffer[i] == '\n') {
                        newline = i;
                        break;
                    }
                }
                int stop = newline >= 0 ? newline : end;
                int n = Math.min(stop - start, MAX_LINE - length);
                append(start, n);
                start += n;
                if (newline >= 0 && start == newline) {
                    start++;
                    if (length > 0 && line[length - 1] == '\r') {
                        length--;
                    }
                    complete = true;
                    continuing = false;
                    return true;
                }
                if (length == MAX_LINE) {
                    complete = false;
                    continuing = true;
                    return true;
                }
            }
        }

        private boolean fill() throws IOException {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                eof = true;
                return false;
            }
            start = 0;
            end = n;
            return true;
        }

        private void append(int from, int n) {
            if (length + n > line.length) {
                line = Arrays.copyOf(line, Math.max(length + n, line.length * 2));
            }
            System.arraycopy(buffer, from, line, length, n);
            length += n;
        }

        byte[] line() {
            return line;
        }

        int length() {
            return length;
        }

        boolean complete() {
            return complete;
        }

        int number() {
            return number;
        }
    }
}
