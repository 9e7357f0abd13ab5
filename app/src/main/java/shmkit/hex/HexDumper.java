package shmkit.hex;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Formats bytes as a hex dump, streaming: the xxd layout (the default, byte for byte what
 * {@code xxd -s OFFSET} prints, so {@code xxd -r} rebuilds it), hexdump -C's canonical layout, or
 * plain continuous hex ({@code xxd -p}); optionally squeezing repeated lines into {@code *} and
 * colouring bytes by class. Built once by {@link Builder}, which precomputes every table and line
 * template; a {@link Session} formats straight into one large byte buffer (no String per line, no
 * write call per byte) and hands it to any OutputStream. It knows nothing of options, files or
 * terminals: the caller decides the layout and whether there is colour (as hexyl's printer does).
 */
public final class HexDumper {
    /** How a line looks. */
    public enum Layout {
        /** {@code 00000010: 4865 6c6c  Hell}: xxd's default. */
        XXD,
        /** {@code 00000010  48 65 6c 6c  |Hell|} and a last line holding the end offset: hexdump -C. */
        CANONICAL,
        /** {@code 48656c6c}: hex digits alone, {@code cols} bytes a line (0: one line). */
        PLAIN
    }

    public static final int MAX_COLS = 4096;
    /** Output is handed over in blocks of about this size: few write calls, bounded memory. */
    private static final int BLOCK = 1 << 18;
    /** Input formatted in one go on the fast path, between checks that the buffer has room. */
    private static final int UNIT = 1 << 16;

    private static final byte[] RESET = sgr(0);
    /** SGR colour per byte class: NUL grey, printable cyan, white space green, anything else yellow. */
    private static final byte[][] CLASS_COLOR = {sgr(90), sgr(36), sgr(32), sgr(33)};
    /** Eight bytes of an array as one big-endian long; compiled to a plain load (and a byte swap). */
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Layout layout;
    private final int cols;
    private final int group;
    private final boolean squeeze;
    private final boolean color;

    /** Two digits of a byte, the first in the low 8 bits (the order a byte array stores them in). */
    private final char[] digits2 = new char[256];
    /** The character the text column shows for a byte: itself for 0x20-0x7e, else '.', as xxd and hexdump -C. */
    private final byte[] shown = new byte[256];
    private final byte[] byteClass = new byte[256];
    /** xxd's default line (16 bytes in groups of 2, no colour), which has a fast path of its own. */
    private final boolean standard;

    /**
     * A full line after its offset: separators and padding in place, digit and text positions blank.
     * A partial line is a prefix of it up to {@link #textAt}, its text, and {@link #tail}.
     */
    private final byte[] template;
    /** Where byte i's two digits go, relative to the end of the offset. */
    private final int[] hexAt;
    private final int textAt;
    private final byte[] tail;
    private final int maxLine;
    /** The longest line without colour (the fast path's), and how many lines a unit of input makes. */
    private final int fastLineMax;
    private final int unitLines;

    private HexDumper(Builder b) {
        this.layout = b.layout;
        this.cols = b.cols != null ? b.cols : layout == Layout.PLAIN ? 30 : 16;
        this.group = b.group != null ? b.group : layout == Layout.CANONICAL ? 8 : 2;
        this.squeeze = b.squeeze;
        this.color = b.color;
        int minCols = layout == Layout.PLAIN ? 0 : 1;
        if (cols < minCols || cols > MAX_COLS) {
            throw new IllegalArgumentException("cols " + cols + " is not in " + minCols + ".." + MAX_COLS);
        }
        if (group < 0) {
            throw new IllegalArgumentException("group " + group + " is negative");
        }
        if (squeeze && layout == Layout.PLAIN) {
            throw new IllegalArgumentException("the plain layout has no offsets, so it cannot squeeze");
        }
        for (int v = 0; v < 256; v++) {
            digits2[v] = (char) (Hex.DIGITS[v >>> 4] | Hex.DIGITS[v & 15] << 8);
            shown[v] = (byte) (v >= 0x20 && v <= 0x7e ? v : '.');
            byteClass[v] = (byte) (v == 0 ? 0 : v == ' ' || v >= 9 && v <= 13 ? 2 : v > 0x20 && v < 0x7f ? 1 : 3);
        }
        hexAt = new int[cols];
        int width;
        if (layout == Layout.CANONICAL) {
            int at = 2;
            for (int i = 0; i < cols; i++) {
                at += gapBefore(i) ? 1 : 0;
                hexAt[i] = at;
                at += 3;
            }
            width = at + 1;
            template = new byte[width + 1 + cols];
            Arrays.fill(template, (byte) ' ');
            template[width] = '|';
            textAt = width + 1;
            tail = new byte[] {'|', '\n'};
        } else if (layout == Layout.XXD) {
            int at = 2;
            for (int i = 0; i < cols; i++) {
                at += gapBefore(i) ? 1 : 0;
                hexAt[i] = at;
                at += 2;
            }
            textAt = at + 2;
            template = new byte[textAt + cols];
            Arrays.fill(template, (byte) ' ');
            template[0] = ':';
            tail = new byte[] {'\n'};
        } else {
            for (int i = 0; i < cols; i++) {
                hexAt[i] = 2 * i;
            }
            textAt = 2 * cols;
            template = new byte[0];
            tail = new byte[] {'\n'};
        }
        standard = layout == Layout.XXD && cols == 16 && group == 2 && !color;
        // offset (16 digits at most) + line + escapes around every byte, twice
        maxLine = 16 + template.length + 2 * cols + 2 * cols * (CLASS_COLOR[0].length + RESET.length) + 64;
        fastLineMax = layout == Layout.PLAIN ? 2 * cols + 1 : 16 + template.length + tail.length;
        unitLines = cols == 0 ? 0 : Math.max(1, UNIT / cols);
    }

    /**
     * Stores a word big-endian. C2 merges the eight stores into one; written out rather than through
     * a VarHandle because the interpreter and C1, which run the first lines of every dump, are far
     * quicker at plain stores than at VarHandle calls.
     */
    private static void put8(byte[] to, int p, long v) {
        to[p] = (byte) (v >>> 56);
        to[p + 1] = (byte) (v >>> 48);
        to[p + 2] = (byte) (v >>> 40);
        to[p + 3] = (byte) (v >>> 32);
        to[p + 4] = (byte) (v >>> 24);
        to[p + 5] = (byte) (v >>> 16);
        to[p + 6] = (byte) (v >>> 8);
        to[p + 7] = (byte) v;
    }

    /** The eight lower-case hex digits of {@code v}, the first in the high byte. */
    static long hex8(int v) {
        // Spread the eight nibbles one to a byte, then turn each into '0'-'9' or 'a'-'f' without a
        // branch. (Long.expand would be one pdep instruction, but pdep is microcoded and slow on AMD
        // before Zen 3, and a loop where there is no BMI2: shifts are fast everywhere.)
        long n = v & 0xFFFFFFFFL;
        n = (n | n << 16) & 0x0000FFFF0000FFFFL;
        n = (n | n << 8) & 0x00FF00FF00FF00FFL;
        n = (n | n << 4) & 0x0F0F0F0F0F0F0F0FL;
        return n + 0x3030303030303030L + ((n + 0x0606060606060606L) >>> 4 & 0x0101010101010101L) * ('a' - '0' - 10);
    }

    /** Eight bytes as the text column shows them: printable ASCII (0x20-0x7e) as itself, anything else '.'. */
    static long text8(long x) {
        long low = x & 0x7F7F7F7F7F7F7F7FL;
        // Per byte, the top bit of: low >= 0x20, not low == 0x7f, not x >= 0x80 (no carry crosses a byte).
        long printable = (low + 0x6060606060606060L) & ~(low + 0x0101010101010101L) & ~x & 0x8080808080808080L;
        long mask = (printable >>> 7) * 0xFF;
        return x & mask | 0x2E2E2E2E2E2E2E2EL & ~mask;
    }

    /** A space before byte i of a line (none for group 0 or a group as wide as the line). */
    private boolean gapBefore(int i) {
        return i > 0 && group > 0 && i % group == 0;
    }

    /** ESC [ code m, built by hand: a string concatenation would start the invokedynamic machinery. */
    private static byte[] sgr(int code) {
        return code < 10 ? new byte[] {0x1b, '[', (byte) ('0' + code), 'm'}
                : new byte[] {0x1b, '[', (byte) ('0' + code / 10), (byte) ('0' + code % 10), 'm'};
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The dumper's settings; anything not set takes the layout's default (xxd: 16 and 2, -C: 16 and 8, plain: 30). */
    public static final class Builder {
        private Layout layout = Layout.XXD;
        private Integer cols;
        private Integer group;
        private boolean squeeze;
        private boolean color;

        private Builder() {}

        public Builder layout(Layout layout) {
            this.layout = layout;
            return this;
        }

        /** Bytes a line: 1 to {@link #MAX_COLS}; 0 with the plain layout puts everything on one line. */
        public Builder cols(int cols) {
            this.cols = cols;
            return this;
        }

        /** Bytes between the spaces of a line (the canonical layout: between its wider gaps); 0 for none. */
        public Builder group(int group) {
            this.group = group;
            return this;
        }

        /**
         * Lines equal to the line before become one {@code *}, which stands for as many copies of that
         * line as reach the offset of the next line. The xxd layout follows {@code xxd -a} (which does
         * it for zero lines only): a lone repeat is printed rather than starred, and the last line is
         * always printed, so the end of the dump is known. The canonical layout follows hexdump -C,
         * whose last line holds the end offset.
         */
        public Builder squeeze(boolean squeeze) {
            this.squeeze = squeeze;
            return this;
        }

        /** ANSI colours by byte class (NUL, printable, white space, other) in the digits and the text. */
        public Builder color(boolean color) {
            this.color = color;
            return this;
        }

        /** @throws IllegalArgumentException for settings out of range (callers check and word these first) */
        public HexDumper build() {
            return new HexDumper(this);
        }
    }

    /** Starts a dump whose first byte lies at {@code offset}; offsets printed are {@code offset} onwards. */
    public Session start(OutputStream out, long offset) {
        return new Session(out, offset);
    }

    /** The dump of {@code bytes} as if they lay at {@code offset}: for tests and small regions. */
    public byte[] dump(byte[] bytes, long offset) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            Session session = start(out, offset);
            session.write(bytes, 0, bytes.length);
            session.finish();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * One dump in progress: takes bytes in pieces of any size (a line may straddle two pieces), and
     * must be finished to print the last partial line and any end marker. Not thread-safe.
     */
    public final class Session {
        private final OutputStream out;
        private final byte[] buffer = new byte[BLOCK + maxLine + (squeeze || color ? 0 : unitLines * fastLineMax)];
        private int pos;
        /** Offset of the next line's first byte. */
        private long offset;
        /** Bytes of a line that arrived split across pieces. */
        private final byte[] pending;
        private int pendingCount;
        private boolean any;
        // Squeezing: the line a run repeats, how many lines the run has, where its second and last lie.
        private final byte[] previous;
        private boolean hasPrevious;
        private int run;
        private long secondOffset;
        private long lastOffset;
        /** The colour class the output is in now, -1 for none. */
        private int current = -1;

        private Session(OutputStream out, long offset) {
            this.out = out;
            this.offset = offset;
            this.pending = new byte[Math.max(cols, 1)];
            this.previous = squeeze ? new byte[cols] : null;
        }

        public void write(byte[] data, int from, int length) throws IOException {
            Objects.checkFromIndexSize(from, length, data.length);
            if (length == 0) {
                return;
            }
            any = true;
            if (cols == 0) {
                endlessPlain(data, from, length);
                return;
            }
            if (pendingCount > 0) {
                int n = Math.min(cols - pendingCount, length);
                System.arraycopy(data, from, pending, pendingCount, n);
                pendingCount += n;
                from += n;
                length -= n;
                if (pendingCount < cols) {
                    return;
                }
                fullLine(pending, 0);
                pendingCount = 0;
            }
            int lines = length / cols;
            if (!squeeze && !color) {
                fastLines(data, from, lines);
            } else {
                for (int i = 0; i < lines; i++) {
                    fullLine(data, from + i * cols);
                }
            }
            int rest = length - lines * cols;
            System.arraycopy(data, from + lines * cols, pending, 0, rest);
            pendingCount = rest;
        }

        /** Prints the last partial line and what marks the end, and hands everything to the stream. */
        public void finish() throws IOException {
            if (cols == 0) {
                if (any) {
                    pos = resetColor(buffer, pos);
                    buffer[pos++] = '\n';
                }
            } else if (pendingCount > 0) {
                endRun(false);
                room();
                pos = line(pending, 0, pendingCount, offset, buffer, pos);
                offset += pendingCount;
                pendingCount = 0;
            } else {
                endRun(true);
            }
            if (layout == Layout.CANONICAL && any) {
                room();
                pos = offsetDigits(offset, buffer, pos);
                buffer[pos++] = '\n';
            }
            flush();
            out.flush();
        }

        private void fullLine(byte[] data, int from) throws IOException {
            if (squeeze) {
                if (hasPrevious && Arrays.equals(previous, 0, cols, data, from, from + cols)) {
                    run++;
                    if (run == 2) {
                        secondOffset = offset;
                    }
                    lastOffset = offset;
                    offset += cols;
                    return;
                }
                endRun(false);
                System.arraycopy(data, from, previous, 0, cols);
                hasPrevious = true;
                run = 1;
            }
            room();
            pos = line(data, from, cols, offset, buffer, pos);
            offset += cols;
        }

        /** Prints what stands for the repeats of the run that just ended ({@code atEnd}: the dump ended with it). */
        private void endRun(boolean atEnd) throws IOException {
            if (!squeeze || run < 2) {
                run = hasPrevious ? 1 : 0;
                return;
            }
            if (layout == Layout.CANONICAL) {
                star();
            } else if (run == 2) {
                repeat(secondOffset);
            } else if (run == 3 && atEnd) {
                repeat(secondOffset);
                repeat(lastOffset);
            } else {
                star();
                if (atEnd) {
                    repeat(lastOffset);
                }
            }
            run = 1;
        }

        private void repeat(long at) throws IOException {
            room();
            pos = line(previous, 0, cols, at, buffer, pos);
        }

        private void star() throws IOException {
            room();
            buffer[pos++] = '*';
            buffer[pos++] = '\n';
        }

        /** Full lines without squeeze or colour: the loop that decides throughput, a unit of lines at a time. */
        private void fastLines(byte[] data, int from, int lines) throws IOException {
            while (lines > 0) {
                int n = Math.min(lines, unitLines);
                if (pos > BLOCK) {
                    flush();
                }
                pos = formatLines(data, from, n, offset, buffer, pos);
                offset += (long) n * cols;
                from += n * cols;
                lines -= n;
            }
        }

        /** Formats whole lines into {@code to} from {@code p}. */
        private int formatLines(byte[] data, int from, int lines, long at, byte[] to, int p) {
            for (int i = 0; i < lines; i++) {
                p = line(data, from, cols, at, to, p);
                from += cols;
                at += cols;
            }
            return p;
        }

        private void endlessPlain(byte[] data, int from, int length) throws IOException {
            for (int i = 0; i < length; i++) {
                room();
                int b = data[from + i] & 0xff;
                if (color) {
                    pos = colorFor(b, buffer, pos);
                }
                char d = digits2[b];
                buffer[pos] = (byte) d;
                buffer[pos + 1] = (byte) (d >>> 8);
                pos += 2;
            }
        }

        private int colorFor(int b, byte[] to, int at) {
            int c = byteClass[b];
            if (c != current) {
                byte[] code = CLASS_COLOR[c];
                System.arraycopy(code, 0, to, at, code.length);
                at += code.length;
                current = c;
            }
            return at;
        }

        private int resetColor(byte[] to, int at) {
            if (current >= 0) {
                System.arraycopy(RESET, 0, to, at, RESET.length);
                at += RESET.length;
                current = -1;
            }
            return at;
        }

        /** One line of n bytes (n <= cols) starting at {@code at}, any layout, with colour when asked. */
        private int line(byte[] data, int from, int n, long at, byte[] to, int p) {
            if (standard && n == 16 && at >>> 32 == 0) {
                return standardLine(data, from, (int) at, to, p);
            }
            if (color) {
                return colorLine(data, from, n, at, to, p);
            }
            if (layout != Layout.PLAIN) {
                p = offsetDigits(at, to, p);
                System.arraycopy(template, 0, to, p, textAt);
            }
            int[] positions = hexAt;
            char[] table = digits2;
            for (int i = 0; i < n; i++) {
                char d = table[data[from + i] & 0xff];
                int q = p + positions[i];
                to[q] = (byte) d;
                to[q + 1] = (byte) (d >>> 8);
            }
            p += textAt;
            if (layout != Layout.PLAIN) {
                byte[] text = shown;
                for (int i = 0; i < n; i++) {
                    to[p + i] = text[data[from + i] & 0xff];
                }
                p += n;
            } else {
                p -= 2 * (cols - n);
            }
            for (byte b : tail) {
                to[p++] = b;
            }
            return p;
        }

        /**
         * xxd's default line, built eight bytes at a time: {@code OOOOOOOO: hhhh hhhh ... hhhh  TEXT\n},
         * 68 bytes from two words of input. Digits and text come from arithmetic on whole words (SWAR)
         * rather than a look-up per byte; this line is what 'shm dump' spends its time on.
         */
        private static int standardLine(byte[] data, int from, int at, byte[] out, int p) {
            long x = (long) WORD.get(data, from);
            long y = (long) WORD.get(data, from + 8);
            long h1 = hex8((int) (x >>> 32));
            long l1 = hex8((int) x);
            long h2 = hex8((int) (y >>> 32));
            long l2 = hex8((int) y);
            put8(out, p, hex8(at));
            out[p + 8] = ':';
            out[p + 9] = ' ';
            // Five words hold the 40 bytes "hhhh " x 8, each word cut from the digits of its neighbours.
            put8(out, p + 10, h1 & 0xFFFFFFFF00000000L | 0x20L << 24 | h1 >>> 8 & 0xFFFFFFL);
            put8(out, p + 18, h1 << 56 | 0x20L << 48 | l1 >>> 32 << 16 | 0x20L << 8 | l1 >>> 24 & 0xFF);
            put8(out, p + 26, l1 << 40 | 0x20L << 32 | h2 >>> 32);
            put8(out, p + 34, 0x20L << 56 | (h2 & 0xFFFFFFFFL) << 24 | 0x20L << 16 | l2 >>> 48);
            put8(out, p + 42, (l2 >>> 32 & 0xFFFF) << 48 | 0x20L << 40 | (l2 & 0xFFFFFFFFL) << 8 | 0x20L);
            out[p + 50] = ' ';
            put8(out, p + 51, text8(x));
            put8(out, p + 59, text8(y));
            out[p + 67] = '\n';
            return p + 68;
        }

        private int colorLine(byte[] data, int from, int n, long at, byte[] to, int p) {
            if (layout == Layout.PLAIN) {
                for (int i = 0; i < n; i++) {
                    int b = data[from + i] & 0xff;
                    p = colorFor(b, to, p);
                    char d = digits2[b];
                    to[p++] = (byte) d;
                    to[p++] = (byte) (d >>> 8);
                }
                p = resetColor(to, p);
                to[p++] = '\n';
                return p;
            }
            p = offsetDigits(at, to, p);
            // The template between the digits of consecutive bytes holds the separators, copied as they are.
            int done = 0;
            for (int i = 0; i < n; i++) {
                int b = data[from + i] & 0xff;
                System.arraycopy(template, done, to, p, hexAt[i] - done);
                p += hexAt[i] - done;
                p = colorFor(b, to, p);
                char d = digits2[b];
                to[p++] = (byte) d;
                to[p++] = (byte) (d >>> 8);
                done = hexAt[i] + 2;
            }
            p = resetColor(to, p);
            System.arraycopy(template, done, to, p, textAt - done);
            p += textAt - done;
            for (int i = 0; i < n; i++) {
                int b = data[from + i] & 0xff;
                p = colorFor(b, to, p);
                to[p++] = shown[b];
            }
            p = resetColor(to, p);
            for (byte b : tail) {
                to[p++] = b;
            }
            return p;
        }

        private int offsetDigits(long at, byte[] to, int p) {
            if (at >>> 32 == 0) {
                int v = (int) at;
                put2(to, p, v >>> 24);
                put2(to, p + 2, v >>> 16 & 0xff);
                put2(to, p + 4, v >>> 8 & 0xff);
                put2(to, p + 6, v & 0xff);
                return p + 8;
            }
            int count = (64 - Long.numberOfLeadingZeros(at) + 3) >>> 2;
            for (int i = count - 1; i >= 0; i--) {
                to[p + i] = Hex.DIGITS[(int) at & 15];
                at >>>= 4;
            }
            return p + count;
        }

        private void put2(byte[] to, int p, int b) {
            char d = digits2[b];
            to[p] = (byte) d;
            to[p + 1] = (byte) (d >>> 8);
        }

        /** Makes room for one more line, handing the buffer over when it is full. */
        private void room() throws IOException {
            if (pos > BLOCK) {
                flush();
            }
        }

        private void flush() throws IOException {
            if (pos > 0) {
                out.write(buffer, 0, pos);
                pos = 0;
            }
        }
    }
}
