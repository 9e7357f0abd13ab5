package shmkit.hex;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import shmkit.ShmException;

/**
 * Reads a hex dump back into bytes and the offsets they go to: the xxd layout (what xxd and
 * {@code shm dump} print, squeezed or not), hexdump -C's canonical layout, and plain hex
 * ({@code xxd -p}). Where {@code xxd -r} skips what it does not understand, this refuses it: a line
 * that is not a dump line is an error naming its number and its text, and so is a line whose bytes
 * would land outside the target (every offset is checked against its size).
 *
 * <p>The parser keeps nothing but the line it reads: what the dump writes goes to a {@link Sink} as
 * the lines are read, contiguous lines joined into pieces of up to {@link #PIECE} bytes, and a
 * squeezed run as one line and a count. Because a bad line may come last, a caller that must not
 * write anything unless all of it is good either parses twice (once into {@link Sink#NONE} to check,
 * once to write: standard input that is a file) or keeps what the sink was given until the end
 * ({@link DumpSpool}: a pipe).
 *
 * <p>A {@code *} line stands for copies of the line before it, as many as reach the offset of the
 * next line (a data line, or hexdump's last line that holds only the end offset). Colour escapes
 * (ANSI SGR, as {@code shm dump --color} prints) are ignored. The text column is not checked, so a
 * dump edited in its hex digits alone says what it means.
 */
public final class DumpParser {
    /** Longer lines are not dump lines (4096 columns of colour fit easily); plain hex may be longer. */
    static final int MAX_LINE = 1 << 20;
    /** Consecutive lines are joined into pieces of up to this many bytes before the sink sees them. */
    public static final int PIECE = 1 << 20;
    /** The value of each byte as a hex digit, -1 for the rest. */
    private static final byte[] VALUE = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            VALUE[c] = (byte) Hex.digit(c);
        }
    }

    /**
     * Receives what a dump writes, in the order of the dump (where two lines name the same bytes the
     * later one wins, as with xxd -r). The arrays are the parser's own: read them before returning.
     */
    public interface Sink {
        /** Takes nothing: for a pass that only checks. */
        Sink NONE = new Sink() {
            @Override
            public void data(long at, byte[] bytes, int from, int length) {}

            @Override
            public void repeat(long at, byte[] line, int length, long times) {}
        };

        /** {@code length} bytes of {@code bytes} from {@code from}, to land at {@code at}. */
        void data(long at, byte[] bytes, int from, int length) throws IOException;

        /** {@code times} copies of the {@code length} bytes of {@code line}, one after another from {@code at}. */
        void repeat(long at, byte[] line, int length, long times) throws IOException;
    }

    /** Receives plain writes; {@link shmkit.segment.WritableSegment#write(long, byte[], int, int)} fits. */
    @FunctionalInterface
    public interface Target {
        void write(long offset, byte[] bytes, int from, int length) throws IOException;
    }

    /**
     * What a whole dump writes: the span from its first to one past its last byte, and how many bytes
     * (overlaps counted twice).
     */
    public record Extent(long low, long high, long bytes) {
        public boolean isEmpty() {
            return bytes == 0;
        }
    }

    private final LineReader lines;
    private final long base;
    private final long limit;
    private final String target;
    private final Sink sink;

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
    // The piece being joined from consecutive lines, not yet given to the sink.
    private byte[] piece;
    private long pieceAt;
    private int pieceLength;
    // The extent so far.
    private long low = Long.MAX_VALUE;
    private long high = Long.MIN_VALUE;
    private long total;

    private DumpParser(InputStream in, long base, long limit, String target, Sink sink) {
        this.lines = new LineReader(in);
        this.base = base;
        this.limit = limit;
        this.target = target;
        this.sink = sink;
        this.plainAt = base;
    }

    /**
     * Reads the whole dump from {@code in}, handing what it writes to {@code sink} line by line.
     *
     * @param base   added to every offset the dump names (plain hex starts here)
     * @param limit  the size of the target: every byte must land below it
     * @param target how messages name the target, e.g. {@code 'demo'}
     * @throws ShmException (usage) naming the first line that is malformed or lands outside the
     *                      target; the sink has been given what the lines before it write
     */
    public static Extent parse(InputStream in, long base, long limit, String target, Sink sink) throws IOException {
        DumpParser parser = new DumpParser(in, base, limit, target, sink);
        parser.run();
        return parser.high < parser.low ? new Extent(0, 0, 0) : new Extent(parser.low, parser.high, parser.total);
    }

    private void run() throws IOException {
        while (true) {
            if (mode == Mode.OFFSETS && xxdLine()) {
                continue;
            }
            if (!lines.next()) {
                break;
            }
            byte[] line = lines.line();
            int from = lines.from();
            int to = lines.hasEscape() ? stripColor(line, from, lines.to()) : lines.to();
            if (mode == Mode.UNKNOWN) {
                if (trimEnd(line, from, to) == from) {
                    continue;
                }
                mode = looksLikeOffsets(line, from, to) ? Mode.OFFSETS : Mode.PLAIN;
            }
            if (mode == Mode.PLAIN) {
                plainLine(line, from, to);
            } else {
                if (!lines.complete()) {
                    throw bad("is longer than " + MAX_LINE + " bytes; a dump line is far shorter", line, from, to);
                }
                offsetLine(line, from, to);
            }
        }
        if (starLine != 0) {
            throw ShmException.usage("line " + starLine + " of the dump ('*') is the last: nothing says how far its "
                    + "repeats reach (the offset of the line after it does)");
        }
        flush();
    }

    // ---- the xxd and canonical layouts --------------------------------------------------------

    private void offsetLine(byte[] line, int from, int to) throws IOException {
        int i = skipSpaces(line, from, to);
        int end = trimEnd(line, from, to);
        if (i == end) {
            return;
        }
        if (line[i] == '*' && i + 1 == end) {
            if (lastLength <= 0) {
                throw bad("is a '*' with no line before it to repeat", line, from, to);
            }
            if (starLine != 0) {
                throw bad("is a second '*' in a row", line, from, to);
            }
            starLine = lines.number();
            return;
        }
        int digitsEnd = i;
        while (digitsEnd < to && digit(line[digitsEnd]) >= 0) {
            digitsEnd++;
        }
        if (digitsEnd == i) {
            throw bad("is not a dump line: it should start with an offset in hex, or be '*'", line, from, to);
        }
        if (digitsEnd - i > 16) {
            throw bad("has an offset of " + (digitsEnd - i) + " digits; 16 is the most", line, from, to);
        }
        long offset = 0;
        for (int k = i; k < digitsEnd; k++) {
            offset = offset << 4 | VALUE[line[k] & 0xff];
        }
        count = 0;
        if (digitsEnd == end) {
            // hexdump's last line: the end offset alone
            endOffset(offset, line, from, to);
            return;
        }
        if (line[digitsEnd] == ':') {
            xxdBytes(line, digitsEnd + 1, from, to);
        } else if (line[digitsEnd] == ' ' || line[digitsEnd] == '\t') {
            canonicalBytes(line, digitsEnd, from, to);
        } else {
            throw bad("has '" + shown(line[digitsEnd]) + "' after its offset; expected ':' (xxd) or spaces (hexdump -C)",
                    line, from, to);
        }
        if (count == 0) {
            endOffset(offset, line, from, to);
            return;
        }
        dataLine(offset, line, from, to);
    }

    /** The {@link #count} decoded bytes of a line at dump offset {@code offset}. */
    private void dataLine(long offset, byte[] line, int from, int to) throws IOException {
        continueStar(offset, line, from, to);
        data(place(offset, count, line, from, to), bytes, count);
        if (lastLine.length < count) {
            lastLine = new byte[Math.max(count, lastLine.length * 2)];
        }
        System.arraycopy(bytes, 0, lastLine, 0, count);
        lastLength = count;
        lastEnd = offset + count;
    }

    /** The length of xxd's default line: {@code %08x: } then 8 groups of 4 digits, two spaces, 16 characters and '\n'. */
    private static final int XXD_LINE = 68;

    /**
     * xxd's default line, read where it lies in the read buffer, and decoded with one table look-up a
     * digit: most dumps are made of it, and this reads them about twice as fast as the general
     * path (which takes any line this does not). False, having taken nothing, for any other line.
     */
    private boolean xxdLine() throws IOException {
        if (lines.available() < XXD_LINE) {
            return false;
        }
        byte[] b = lines.buffer();
        int s = lines.start();
        if (b[s + 8] != ':' || b[s + 9] != ' ' || b[s + 50] != ' ' || b[s + 67] != '\n') {
            return false;
        }
        int bad = 0;
        long offset = 0;
        for (int k = 0; k < 8; k++) {
            int d = VALUE[b[s + k] & 0xff];
            bad |= d;
            offset = offset << 4 | d;
        }
        for (int g = 0, at = s + 10; g < 8; g++, at += 5) {
            if (b[at + 4] != ' ') {
                return false;
            }
            int d0 = VALUE[b[at] & 0xff];
            int d1 = VALUE[b[at + 1] & 0xff];
            int d2 = VALUE[b[at + 2] & 0xff];
            int d3 = VALUE[b[at + 3] & 0xff];
            bad |= d0 | d1 | d2 | d3;
            bytes[2 * g] = (byte) (d0 << 4 | d1);
            bytes[2 * g + 1] = (byte) (d2 << 4 | d3);
        }
        if (bad < 0) {
            return false;
        }
        for (int i = s + 51; i < s + 67; i++) {
            if (b[i] == '\n' || b[i] == 0x1b) {
                return false; // a shorter line, or colour: the general path
            }
        }
        lines.take(XXD_LINE);
        count = 16;
        dataLine(offset, b, s, s + 67);
        return true;
    }

    /** {@code OFFSET: 4865 6c6c 6f  Hello}: groups of digits with one space between, two spaces before the text. */
    private void xxdBytes(byte[] line, int i, int from, int to) {
        if (i < to && line[i] == ' ') {
            i++;
        }
        while (i < to) {
            int start = i;
            while (i < to && digit(line[i]) >= 0) {
                i++;
            }
            if (i == start) {
                if (line[i] == ' ') {
                    return; // two spaces: the text column follows
                }
                throw bad("has '" + shown(line[i]) + "' where a hex digit belongs (column " + (i - from + 1) + ")",
                        line, from, to);
            }
            if (i < to && line[i] != ' ') {
                throw bad("has '" + shown(line[i]) + "' where a hex digit belongs (column " + (i - from + 1) + ")",
                        line, from, to);
            }
            if ((i - start) % 2 != 0) {
                throw bad("has the group '" + new String(line, start, i - start, US_ASCII)
                        + "' with an odd number of digits; each byte takes two", line, from, to);
            }
            decode(line, start, i);
            i++;
        }
    }

    /** {@code OFFSET  48 65 6c  |Hel|}: two-digit bytes between spaces, then the text between bars. */
    private void canonicalBytes(byte[] line, int i, int from, int to) {
        while (true) {
            i = skipSpaces(line, i, to);
            if (i == to || line[i] == '|') {
                return;
            }
            int start = i;
            while (i < to && digit(line[i]) >= 0) {
                i++;
            }
            if (i - start != 2 || i < to && line[i] != ' ' && line[i] != '\t') {
                int stop = i;
                while (stop < to && line[stop] != ' ') {
                    stop++;
                }
                throw bad("has '" + new String(line, start, Math.max(stop - start, 1), java.nio.charset.StandardCharsets.ISO_8859_1)
                        + "' where a byte of two hex digits belongs (column " + (start - from + 1) + ")", line, from, to);
            }
            decode(line, start, i);
        }
    }

    /** An offset that ends what came before: it closes a '*' run, or must match the end of the last line. */
    private void endOffset(long offset, byte[] line, int from, int to) throws IOException {
        if (starLine != 0) {
            continueStar(offset, line, from, to);
        } else if (lastLength >= 0 && offset != lastEnd) {
            throw bad("ends the dump at 0x" + Long.toHexString(offset) + ", but the line before ends at 0x"
                    + Long.toHexString(lastEnd), line, from, to);
        }
        place(offset, 0, line, from, to);
        lastLength = -1;
    }

    /** Writes the copies a pending '*' stands for, up to {@code offset}. */
    private void continueStar(long offset, byte[] line, int from, int to) throws IOException {
        if (starLine == 0) {
            return;
        }
        long gap = offset - lastEnd;
        if (gap <= 0 || gap % lastLength != 0) {
            throw bad("has offset 0x" + Long.toHexString(offset) + ", which does not close the '*' on line " + starLine
                    + ": it must lie a whole number of " + lastLength + "-byte lines after 0x" + Long.toHexString(lastEnd),
                    line, from, to);
        }
        long at = place(lastEnd, gap, line, from, to);
        flush();
        span(at, gap);
        sink.repeat(at, lastLine, lastLength, gap / lastLength);
        starLine = 0;
    }

    /** Where {@code n} bytes at dump offset {@code offset} land in the target; refused if not wholly inside it. */
    private long place(long offset, long n, byte[] line, int from, int to) {
        long at = base + offset;
        if (offset < 0 || at < base || at > limit || n > limit - at) {
            String where = base == 0 ? "offset 0x" + Long.toHexString(offset)
                    : "offset 0x" + Long.toHexString(offset) + " + --offset " + base;
            throw bad("puts " + n + " bytes at " + where + (at >= base ? " (" + at + ")" : "") + ", past the end of "
                    + target + " (" + limit + " bytes)", line, from, to);
        }
        return at;
    }

    // ---- plain hex ----------------------------------------------------------------------------

    /**
     * Words of hex digits, each a whole number of bytes, between white space; offsets run on from
     * --offset. A line longer than MAX_LINE arrives in pieces, so a digit may wait for its pair.
     */
    private void plainLine(byte[] line, int from, int to) throws IOException {
        count = 0;
        int length = to - from;
        if (bytes.length < length / 2 + 1) {
            bytes = new byte[length / 2 + 1];
        }
        int wordStart = from;
        for (int i = from; i < to; i++) {
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
                    throw oddWord(line, wordStart, i, from, to);
                }
                wordStart = i + 1;
            } else {
                throw bad("has '" + shown(c) + "' (column " + (i - from + 1) + "), which is not a hex digit; plain hex "
                        + "is digits and spaces alone", line, from, to);
            }
        }
        if (plainHigh >= 0 && lines.complete()) {
            throw oddWord(line, wordStart, to, from, to);
        }
        if (count > 0) {
            if (plainAt > limit || count > limit - plainAt) {
                throw bad("runs past the end of " + target + " (" + limit + " bytes): its bytes would start at "
                        + plainAt, line, from, to);
            }
            data(plainAt, bytes, count);
            plainAt += count;
        }
    }

    private ShmException oddWord(byte[] line, int wordFrom, int wordTo, int from, int to) {
        String word = new String(line, wordFrom, Math.min(wordTo - wordFrom, 24), US_ASCII);
        return bad("has the word '" + word + (wordTo - wordFrom > 24 ? "..." : "") + "' with an odd number of digits; "
                + "each byte takes two", line, from, to);
    }

    // ---- what the dump writes -----------------------------------------------------------------

    /** Bytes of one line, joined to the piece when they continue it. */
    private void data(long at, byte[] source, int n) throws IOException {
        span(at, n);
        if (sink == Sink.NONE) {
            return;
        }
        if (pieceLength > 0 && (at != pieceAt + pieceLength || pieceLength + n > PIECE)) {
            flush();
        }
        if (pieceLength == 0) {
            pieceAt = at;
        }
        if (piece == null || pieceLength + n > piece.length) {
            int size = Math.min(PIECE, Math.max(pieceLength + n, piece == null ? 4096 : piece.length * 2));
            piece = piece == null ? new byte[Math.max(size, n)] : Arrays.copyOf(piece, Math.max(size, pieceLength + n));
        }
        System.arraycopy(source, 0, piece, pieceLength, n);
        pieceLength += n;
    }

    private void flush() throws IOException {
        if (pieceLength > 0) {
            sink.data(pieceAt, piece, 0, pieceLength);
            pieceLength = 0;
        }
    }

    private void span(long at, long n) {
        if (n > 0) {
            low = Math.min(low, at);
            high = Math.max(high, at + n);
            total += n;
        }
    }

    // ---- pieces of lines ----------------------------------------------------------------------

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

    private static boolean looksLikeOffsets(byte[] line, int from, int to) {
        int i = skipSpaces(line, from, to);
        if (i < to && line[i] == '*') {
            return true;
        }
        int start = i;
        while (i < to && digit(line[i]) >= 0) {
            i++;
        }
        if (i == start || i == to) {
            return false;
        }
        if (line[i] == ':') {
            return true;
        }
        for (int k = i; k < to; k++) {
            if (line[k] == '|') {
                return line[i] == ' ';
            }
        }
        return false;
    }

    /** Removes ANSI SGR sequences (ESC [ digits and ; m) from {@code line[from, to)} in place; returns the new end. */
    static int stripColor(byte[] line, int from, int to) {
        int first = from;
        while (first < to && line[first] != 0x1b) {
            first++;
        }
        int out = first;
        for (int i = first; i < to; i++) {
            if (line[i] == 0x1b && i + 1 < to && line[i + 1] == '[') {
                int k = i + 2;
                while (k < to && (line[k] >= '0' && line[k] <= '9' || line[k] == ';')) {
                    k++;
                }
                if (k < to && line[k] == 'm') {
                    i = k;
                    continue;
                }
            }
            line[out++] = line[i];
        }
        return out;
    }

    private static int skipSpaces(byte[] line, int i, int to) {
        while (i < to && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static int trimEnd(byte[] line, int from, int to) {
        while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    private ShmException bad(String problem, byte[] line, int from, int to) {
        return ShmException.usage("line " + lines.number() + " of the dump ('" + quote(line, from, to) + "') " + problem);
    }

    /** The line as a message shows it: at most 72 characters, anything not printable as \xNN. */
    private static String quote(byte[] line, int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to && text.length() < 72; i++) {
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
     * A sink that writes through {@code target}: pieces as they come, and a squeezed run as blocks of
     * copies of its line, so a run of any length costs one block of memory.
     */
    public static Sink writingTo(Target target) {
        return new Sink() {
            private byte[] block;

            @Override
            public void data(long at, byte[] bytes, int from, int length) throws IOException {
                target.write(at, bytes, from, length);
            }

            @Override
            public void repeat(long at, byte[] line, int length, long times) throws IOException {
                int perBlock = (int) Math.max(1, Math.min(times, (64 << 10) / length));
                int blockLength = perBlock * length;
                if (block == null || block.length < blockLength) {
                    block = new byte[blockLength];
                }
                for (int i = 0; i < perBlock; i++) {
                    System.arraycopy(line, 0, block, i * length, length);
                }
                for (long left = times; left > 0; ) {
                    int copies = (int) Math.min(left, perBlock);
                    target.write(at, block, 0, copies * length);
                    at += (long) copies * length;
                    left -= copies;
                }
            }
        };
    }

    /**
     * Lines of bytes from a stream, each cut at {@link #MAX_LINE}; '\n' or '\r\n' ends a line. A line
     * is handed out where it lies in the read buffer ({@link #line()} from {@link #from()} to
     * {@link #to()}), copied only when it straddles two reads.
     */
    private static final class LineReader {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 17];
        private int start;
        private int end;
        private boolean eof;
        // A line that straddles reads is gathered here.
        private byte[] carry = new byte[256];
        private int carried;
        // The current line.
        private byte[] line;
        private int from;
        private int to;
        private boolean complete;
        private boolean escape;
        private int number;
        private boolean continuing;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** Reads the next line (or the next MAX_LINE bytes of a longer one); false at the end of input. */
        boolean next() throws IOException {
            carried = 0;
            escape = false;
            if (!continuing) {
                number++;
            }
            while (true) {
                if (start == end && (eof || !fill())) {
                    complete = true;
                    continuing = false;
                    if (carried == 0) {
                        number--;
                        return false;
                    }
                    show(carry, 0, carried);
                    return true;
                }
                int room = MAX_LINE - carried;
                // One byte past the room, so a newline right at the limit still ends a whole line.
                int stop = (int) Math.min(end, start + (long) room + 1);
                byte[] b = buffer;
                int i = start;
                // One test a byte for both the newline and a colour escape: both are control characters.
                while (i < stop) {
                    byte c = b[i];
                    if (c < 0x20) {
                        if (c == '\n') {
                            break;
                        }
                        if (c == 0x1b) {
                            escape = true;
                        }
                    }
                    i++;
                }
                if (i < stop) {
                    if (carried == 0) {
                        show(buffer, start, i);
                    } else {
                        append(start, i);
                        show(carry, 0, carried);
                    }
                    start = i + 1;
                    if (to > from && line[to - 1] == '\r') {
                        to--;
                    }
                    complete = true;
                    continuing = false;
                    return true;
                }
                if (stop - start > room) {
                    append(start, start + room);
                    start += room;
                    show(carry, 0, carried);
                    complete = false;
                    continuing = true;
                    return true;
                }
                append(start, stop);
                start = stop;
            }
        }

        /** Bytes of the read buffer not yet taken, from {@link #start()}: a caller may read a line there in place. */
        int available() {
            return end - start;
        }

        byte[] buffer() {
            return buffer;
        }

        int start() {
            return start;
        }

        /** Takes a whole line of {@code n} bytes (its newline included) that the caller read in place. */
        void take(int n) {
            start += n;
            number++;
        }

        private void show(byte[] array, int from, int to) {
            this.line = array;
            this.from = from;
            this.to = to;
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

        private void append(int from, int to) {
            int n = to - from;
            if (carried + n > carry.length) {
                carry = Arrays.copyOf(carry, Math.max(carried + n, carry.length * 2));
            }
            System.arraycopy(buffer, from, carry, carried, n);
            carried += n;
        }

        byte[] line() {
            return line;
        }

        int from() {
            return from;
        }

        int to() {
            return to;
        }

        /** Whether the line may hold a colour escape (it holds an ESC byte). */
        boolean hasEscape() {
            return escape;
        }

        boolean complete() {
            return complete;
        }

        int number() {
            return number;
        }
    }
}
