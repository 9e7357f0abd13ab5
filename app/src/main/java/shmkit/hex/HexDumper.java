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
 * {@code xxd -s OFFSET} prints, so {@code xxd -r} rebuilds it, and its variants {@code -u -b -e -d
 * -o}), hexdump -C's canonical layout, or plain continuous hex ({@code xxd -p}); optionally squeezing
 * lines into {@code *} and colouring bytes by class. Built once by {@link Builder}, which precomputes
 * every table and line template; a {@link Session} formats straight into one large byte buffer (no
 * String per line, no write call per byte) and hands it to any OutputStream. It knows nothing of
 * options, files or terminals: the caller decides the layout and whether there is colour (as hexyl's
 * printer does).
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
    /** The widest offset: 16 hex digits, or a signed decimal long (20 characters), with room to spare. */
    private static final int OFFSET_MAX = 24;

    private static final byte[] RESET = Sgr.RESET;
    /**
     * xxd -R's palette, by byte class: NUL bold white, printable ASCII green, tab, newline and carriage
     * return yellow, 0xff blue, every other byte red. The same in the digits and the text.
     */
    private static final byte[][] CLASS_COLOR = {Sgr.of("1;37"), Sgr.of("1;32"), Sgr.of("1;33"), Sgr.of("1;34"),
            Sgr.of("1;31")};
    private static final int LONGEST_COLOR = 7;
    /** Eight bytes of an array as one big-endian long; compiled to a plain load (and a byte swap). */
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Layout layout;
    private final int cols;
    /** Bytes between the spaces as given (0: none); {@link #span} is what the xxd layout uses. */
    private final int group;
    private final int span;
    private final boolean squeeze;
    /** xxd -a squeezes lines of zeros alone (so xxd -r, which fills gaps with zeros, rebuilds the bytes). */
    private final boolean zerosOnly;
    private final boolean color;
    private final boolean upper;
    private final boolean bits;
    private final boolean littleEndian;
    private final boolean decimal;
    private final long displayOffset;
    private final boolean helper;
    /** Characters a byte takes in the digits: 2, or 8 with {@link #bits}. */
    private final int width;

    /** Two digits of a byte, the first in the low 8 bits (the order a byte array stores them in). */
    private final char[] digits2 = new char[256];
    /** The same in lower case, for offsets (which xxd -u leaves in lower case). */
    private final char[] offset2 = new char[256];
    /** The eight binary digits of a byte, the first in the high byte, for {@link #bits}. */
    private final long[] bits8;
    /** The character the text column shows for a byte: itself for 0x20-0x7e, else '.', as xxd and hexdump -C. */
    private final byte[] shown = new byte[256];
    private final byte[] byteClass = new byte[256];
    /** xxd's default line (16 bytes in groups of 2, nothing else asked), which has a fast path of its own. */
    private final boolean standard;

    /**
     * A full line after its offset: separators and padding in place, digit and text positions blank.
     * A partial line is a prefix of it up to {@link #textAt}, its text, and {@link #tail}.
     */
    private final byte[] template;
    /** Where byte i's digits go, relative to the end of the offset. */
    private final int[] hexAt;
    /** The bytes of a line in the order their digits appear (not 0, 1, 2.. with --little-endian). */
    private final int[] order;
    private final int textAt;
    private final byte[] tail;
    private final int maxLine;
    /** The longest line without colour (the fast path's), and how many lines a unit of input makes. */
    private final int fastLineMax;
    private final int unitLines;
    /** Units of lines two threads share out in one batch (a MiB of input for 16 columns). */
    private static final int BATCH_UNITS = 16;

    private HexDumper(Builder b) {
        this.layout = b.layout;
        this.bits = b.bits;
        this.cols = b.cols != null ? b.cols : layout == Layout.PLAIN ? 30 : bits ? 6 : 16;
        this.littleEndian = b.littleEndian;
        this.group = b.group != null ? b.group : layout == Layout.CANONICAL ? 8 : bits ? 1 : littleEndian ? 4 : 2;
        this.squeeze = b.squeeze;
        this.zerosOnly = layout == Layout.XXD;
        this.color = b.color;
        this.upper = b.upper;
        this.decimal = b.decimal;
        this.displayOffset = b.displayOffset;
        this.helper = b.helper;
        this.width = bits ? 8 : 2;
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
        if ((bits || littleEndian || decimal) && layout != Layout.XXD) {
            throw new IllegalArgumentException("bits, little-endian groups and decimal offsets are xxd's alone");
        }
        if (bits && littleEndian) {
            throw new IllegalArgumentException("bits and little-endian groups do not go together (as in xxd)");
        }
        this.span = group < 1 || group > cols ? cols : group;
        if (littleEndian && Integer.bitCount(span) != 1) {
            throw new IllegalArgumentException("little-endian groups of " + span + " bytes: a group must be a power of 2");
        }
        byte[] lower = Hex.DIGITS;
        byte[] data = upper ? Hex.UPPER_DIGITS : Hex.DIGITS;
        bits8 = bits ? new long[256] : null;
        for (int v = 0; v < 256; v++) {
            digits2[v] = (char) (data[v >>> 4] | data[v & 15] << 8);
            offset2[v] = (char) (lower[v >>> 4] | lower[v & 15] << 8);
            shown[v] = (byte) (v >= 0x20 && v <= 0x7e ? v : '.');
            byteClass[v] = (byte) (v == 0 ? 0 : v >= 0x20 && v < 0x7f ? 1 : v == 9 || v == 10 || v == 13 ? 2 : v == 0xff ? 3 : 4);
            if (bits) {
                long word = 0;
                for (int k = 7; k >= 0; k--) {
                    word = word << 8 | ((v >>> k & 1) == 1 ? '1' : '0');
                }
                bits8[v] = word;
            }
        }
        hexAt = new int[cols];
        order = new int[cols];
        if (layout == Layout.CANONICAL) {
            int at = 2;
            for (int i = 0; i < cols; i++) {
                at += i > 0 && group > 0 && i % group == 0 ? 1 : 0;
                hexAt[i] = at;
                order[i] = i;
                at += 3;
            }
            int end = at + 1;
            template = new byte[end + 1 + cols];
            Arrays.fill(template, (byte) ' ');
            template[end] = '|';
            textAt = end + 1;
            tail = new byte[] {'|', '\n'};
        } else if (layout == Layout.XXD) {
            // xxd: byte p shows in slot x (p, or p ^ (group - 1) with -e), at width * x + x / group.
            Integer[] sorted = new Integer[cols];
            for (int i = 0; i < cols; i++) {
                int slot = littleEndian ? i ^ (span - 1) : i;
                hexAt[i] = 2 + width * slot + slot / span;
                sorted[i] = i;
            }
            // With -e a line's digits do not come in byte order: colour walks them in the order they show.
            Arrays.sort(sorted, (x, y) -> Integer.compare(hexAt[x], hexAt[y]));
            for (int i = 0; i < cols; i++) {
                order[i] = sorted[i];
            }
            int digits = littleEndian ? (width * span + 1) * ((cols + span - 1) / span) - 1
                    : width * cols + (cols - 1) / span;
            textAt = 2 + digits + 2;
            template = new byte[textAt + cols];
            Arrays.fill(template, (byte) ' ');
            template[0] = ':';
            tail = new byte[] {'\n'};
        } else {
            for (int i = 0; i < cols; i++) {
                hexAt[i] = 2 * i;
                order[i] = i;
            }
            textAt = 2 * cols;
            template = new byte[0];
            tail = new byte[] {'\n'};
        }
        standard = layout == Layout.XXD && cols == 16 && span == 2 && !color && !upper && !bits && !littleEndian
                && !decimal;
        maxLine = OFFSET_MAX + template.length + width * cols + tail.length
                + 2 * cols * (LONGEST_COLOR + RESET.length) + 64;
        fastLineMax = layout == Layout.PLAIN ? 2 * cols + 1 : OFFSET_MAX + template.length + tail.length;
        unitLines = cols == 0 ? 0 : Math.max(1, UNIT / cols);
    }

    /**
     * Stores a word big-endian (its high byte first). Written as byte stores in the machine's own
     * order after one byte swap, the pattern C2 merges into a single eight-byte store (about 10%
     * faster per line than the same stores high byte first, and much quicker than a VarHandle call in
     * the interpreter and C1, which run the first lines of every dump).
     */
    private static void put8(byte[] to, int p, long v) {
        long w = Long.reverseBytes(v);
        to[p] = (byte) w;
        to[p + 1] = (byte) (w >>> 8);
        to[p + 2] = (byte) (w >>> 16);
        to[p + 3] = (byte) (w >>> 24);
        to[p + 4] = (byte) (w >>> 32);
        to[p + 5] = (byte) (w >>> 40);
        to[p + 6] = (byte) (w >>> 48);
        to[p + 7] = (byte) (w >>> 56);
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

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The dumper's settings; anything not set takes the layout's default as xxd has it (xxd: 16 bytes
     * in groups of 2; with bits 6 in groups of 1; little-endian groups of 4; -C: 16 and 8; plain: 30).
     */
    public static final class Builder {
        private Layout layout = Layout.XXD;
        private Integer cols;
        private Integer group;
        private boolean squeeze;
        private boolean color;
        private boolean upper;
        private boolean bits;
        private boolean littleEndian;
        private boolean decimal;
        private long displayOffset;
        private boolean helper;

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
         * Squeezes lines into one {@code *}, which stands for as many copies of the line before it as
         * reach the offset of the next line. The xxd layout does what {@code xxd -a} does: only lines
         * of zeros, a lone repeat printed rather than starred, and the last line always printed, so
         * the end of the dump is known and {@code xxd -r} rebuilds it. The canonical layout does what
         * hexdump -C does: any line equal to the one before, and a last line holding the end offset.
         */
        public Builder squeeze(boolean squeeze) {
            this.squeeze = squeeze;
            return this;
        }

        /** ANSI colours by byte class, xxd -R's palette, in the digits and the text; reset at every line's end. */
        public Builder color(boolean color) {
            this.color = color;
            return this;
        }

        /** Upper-case hex digits for the bytes (xxd -u); offsets stay lower-case, as xxd prints them. */
        public Builder upper(boolean upper) {
            this.upper = upper;
            return this;
        }

        /** Eight binary digits a byte (xxd -b): the xxd layout only. */
        public Builder bits(boolean bits) {
            this.bits = bits;
            return this;
        }

        /** Each group's bytes in reverse order, as a little-endian number (xxd -e): the xxd layout only. */
        public Builder littleEndian(boolean littleEndian) {
            this.littleEndian = littleEndian;
            return this;
        }

        /** Offsets in decimal (xxd -d): the xxd layout only. */
        public Builder decimal(boolean decimal) {
            this.decimal = decimal;
            return this;
        }

        /** Added to every offset printed, not to what is read (xxd -o, hexyl --display-offset). */
        public Builder displayOffset(long displayOffset) {
            this.displayOffset = displayOffset;
            return this;
        }

        /**
         * Formats large pieces on two threads, half each, in the layouts' fast path (no squeeze, no
         * colour): worth it where a second core is free; the output is the same.
         */
        public Builder helperThread(boolean helper) {
            this.helper = helper;
            return this;
        }

        /** @throws IllegalArgumentException for settings out of range (callers check and word these first) */
        public HexDumper build() {
            return new HexDumper(this);
        }
    }

    /** Starts a dump whose first byte lies at {@code offset}; offsets printed are {@code offset} onwards. */
    public Session start(OutputStream out, long offset) {
        return new Session(out, offset, false);
    }

    /**
     * Starts a dump at {@code offset}; {@code zeroAsked} says that zero bytes were asked for, after which
     * hexdump prints nothing at all (it prints the end offset of a dump that found no bytes to show).
     */
    public Session start(OutputStream out, long offset, boolean zeroAsked) {
        return new Session(out, offset, zeroAsked);
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
    public final class Session implements Printer {
        private final OutputStream out;
        private final byte[] buffer = new byte[BLOCK + maxLine + (squeeze || color ? 0 : unitLines * fastLineMax)];
        private final boolean zeroAsked;
        private int pos;
        /** Offset of the next line's first byte. */
        private long offset;
        /** Bytes of a line that arrived split across pieces. */
        private final byte[] pending;
        private int pendingCount;
        private boolean any;
        // Squeezing: the line a run repeats (zeros for the xxd layout), how many lines the run has,
        // where its second and last lie.
        private final byte[] previous;
        private boolean hasPrevious;
        private long run;
        private long secondOffset;
        private long lastOffset;
        /** The colour class the output is in now, -1 for none. */
        private int current = -1;
        /** The second thread of {@link #twoThreads}, started on the first piece large enough, and the units' buffers. */
        private Helper helperThread;
        private byte[][] units;

        private Session(OutputStream out, long offset, boolean zeroAsked) {
            this.out = out;
            this.offset = offset;
            this.zeroAsked = zeroAsked;
            this.pending = new byte[Math.max(cols, 1)];
            this.previous = squeeze ? new byte[cols] : null;
        }

        @Override
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
            } else if (zerosOnly && squeeze) {
                for (int i = 0; i < lines; ) {
                    int zeros = run > 0 ? zeroLines(data, from + i * cols, lines - i) : 0;
                    if (zeros > 0) {
                        // More lines of the zero run: counted, not looked at one by one.
                        if (run == 1) {
                            secondOffset = offset;
                        }
                        run += zeros;
                        lastOffset = offset + (long) (zeros - 1) * cols;
                        offset += (long) zeros * cols;
                        i += zeros;
                    } else {
                        fullLine(data, from + i * cols);
                        i++;
                    }
                }
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
        @Override
        public void finish() throws IOException {
            stopHelper();
            if (cols == 0) {
                // xxd -p -c 0 ends its one line with a newline, even a line of no bytes.
                pos = resetColor(buffer, pos);
                buffer[pos++] = '\n';
            } else if (pendingCount > 0) {
                endRun(false);
                room();
                pos = line(pending, 0, pendingCount, offset, buffer, pos);
                offset += pendingCount;
                pendingCount = 0;
            } else {
                endRun(true);
            }
            // hexdump -C ends with the end offset, also when it found nothing past the offset asked.
            if (layout == Layout.CANONICAL && (any || offset > 0 && !zeroAsked)) {
                room();
                pos = offsetDigits(offset + displayOffset, buffer, pos);
                buffer[pos++] = '\n';
            }
            flush();
            out.flush();
        }

        private void fullLine(byte[] data, int from) throws IOException {
            if (squeeze) {
                if (zerosOnly) {
                    if (isZero(data, from)) {
                        if (run++ > 0) {
                            repeated();
                            return;
                        }
                    } else {
                        endRun(false);
                        run = 0;
                    }
                } else if (hasPrevious && Arrays.equals(previous, 0, cols, data, from, from + cols)) {
                    run++;
                    repeated();
                    return;
                } else {
                    endRun(false);
                    System.arraycopy(data, from, previous, 0, cols);
                    hasPrevious = true;
                    run = 1;
                }
            }
            room();
            pos = line(data, from, cols, offset, buffer, pos);
            offset += cols;
        }

        private boolean isZero(byte[] data, int from) {
            return zeroLines(data, from, 1) == 1;
        }

        /** How many of the next {@code lines} lines from {@code from} are all zeros, read eight bytes at a time. */
        private int zeroLines(byte[] data, int from, int lines) {
            int end = from + lines * cols;
            int at = from;
            while (at + 8 <= end && (long) WORD.get(data, at) == 0) {
                at += 8;
            }
            while (at < end && data[at] == 0) {
                at++;
            }
            return (at - from) / cols;
        }

        /** The line at {@link #offset} repeats the run's first: it is not printed now. */
        private void repeated() {
            if (run == 2) {
                secondOffset = offset;
            }
            lastOffset = offset;
            offset += cols;
        }

        /** Prints what stands for the repeats of the run that just ended ({@code atEnd}: the dump ended with it). */
        private void endRun(boolean atEnd) throws IOException {
            if (!squeeze || run < 2) {
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
            if (helper && lines >= 4 * unitLines) {
                int done = twoThreads(data, from, lines);
                from += done * cols;
                lines -= done;
            }
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

        /**
         * Shares whole units of lines out between this thread and the helper, in batches of up to
         * {@link #BATCH_UNITS}: each thread takes the next unit not yet taken, formats it into that
         * unit's buffer, and this thread writes the buffers in order. A helper that gets no core (a
         * busy machine) costs nothing but the unit it took: this thread formats the rest. Returns how
         * many lines it did. The helper stops if anything fails.
         */
        private int twoThreads(byte[] data, int from, int lines) throws IOException {
            if (helperThread == null) {
                helperThread = new Helper();
                units = new byte[BATCH_UNITS][];
            }
            int done = 0;
            boolean ok = false;
            try {
                flush();
                while (lines - done >= 2 * unitLines) {
                    int count = Math.min(BATCH_UNITS, (lines - done) / unitLines);
                    Batch batch = new Batch(data, from + done * cols, offset + (long) done * cols, count);
                    helperThread.take(batch);
                    int written = 0;
                    for (int k; (k = batch.next.getAndIncrement()) < count; ) {
                        batch.format(k);
                        while (written < count && batch.ready(written)) {
                            out.write(units[written], 0, batch.lengths[written]);
                            written++;
                        }
                    }
                    while (written < count) {
                        if (batch.ready(written)) {
                            out.write(units[written], 0, batch.lengths[written]);
                            written++;
                        } else if (helperThread.failure != null) {
                            throw helperThread.failure;
                        } else {
                            // A unit the helper is still formatting: at most one unit's time.
                            java.util.concurrent.locks.LockSupport.parkNanos(this, 20_000);
                        }
                    }
                    done += count * unitLines;
                }
                ok = true;
            } finally {
                offset += (long) done * cols;
                if (!ok) {
                    stopHelper();
                }
            }
            return done;
        }

        /** One batch of units: the input, which units are taken and which are formatted. */
        private final class Batch {
            private final byte[] data;
            private final int from;
            private final long at;
            private final int count;
            private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            private final java.util.concurrent.atomic.AtomicIntegerArray done;
            private final int[] lengths;

            Batch(byte[] data, int from, long at, int count) {
                this.data = data;
                this.from = from;
                this.at = at;
                this.count = count;
                this.done = new java.util.concurrent.atomic.AtomicIntegerArray(count);
                this.lengths = new int[count];
            }

            /** Formats unit k into its buffer; its length is published with its done mark. */
            void format(int k) {
                byte[] to = units[k];
                if (to == null) {
                    to = units[k] = new byte[unitLines * fastLineMax + maxLine];
                }
                lengths[k] = formatLines(data, from + k * unitLines * cols, unitLines, at + (long) k * unitLines * cols, to, 0);
                done.set(k, 1);
            }

            boolean ready(int k) {
                return done.get(k) == 1;
            }
        }

        /** Stops the helper thread of a dump that failed half way; a finished dump has stopped it already. */
        @Override
        public void close() {
            stopHelper();
        }

        private void stopHelper() {
            if (helperThread != null) {
                helperThread.stop();
                helperThread = null;
            }
        }

        /** Formats whole lines into {@code to} from {@code p}; touches nothing but {@code to} (a helper thread runs it too). */
        private int formatLines(byte[] data, int from, int lines, long at, byte[] to, int p) {
            long first = at + displayOffset;
            if (standard && first >= 0 && first + 16L * lines <= 1L << 32) {
                return standardLines(data, from, lines, (int) first, to, p);
            }
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
            long printed = at + displayOffset;
            if (standard && n == 16 && printed >>> 32 == 0) {
                return standardLine(data, from, hex8((int) printed), to, p);
            }
            if (color) {
                return colorLine(data, from, n, printed, to, p);
            }
            if (layout != Layout.PLAIN) {
                p = offsetDigits(printed, to, p);
                System.arraycopy(template, 0, to, p, textAt);
            }
            int[] positions = hexAt;
            if (bits) {
                for (int i = 0; i < n; i++) {
                    put8(to, p + positions[i], bits8[data[from + i] & 0xff]);
                }
            } else {
                char[] table = digits2;
                for (int i = 0; i < n; i++) {
                    char d = table[data[from + i] & 0xff];
                    int q = p + positions[i];
                    to[q] = (byte) d;
                    to[q + 1] = (byte) (d >>> 8);
                }
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
         * xxd's default lines below 4 GiB. An offset's digits change by one digit from line to line
         * (its last is the same in every line), so its word is patched, and made afresh every 16 lines.
         */
        private static int standardLines(byte[] data, int from, int lines, int printed, byte[] to, int p) {
            long offset = hex8(printed);
            for (int i = 0; i < lines; i++) {
                p = standardLine(data, from, offset, to, p);
                from += 16;
                printed += 16;
                offset = (printed & 0xF0) == 0 ? hex8(printed)
                        : offset & ~0xFF00L | (long) Hex.DIGITS[printed >>> 4 & 0xF] << 8;
            }
            return p;
        }

        /**
         * xxd's default line, built eight bytes at a time: {@code OOOOOOOO: hhhh hhhh ... hhhh  TEXT\n},
         * 68 bytes from two words of input and the offset's eight digits. Digits and text come from
         * arithmetic on whole words (SWAR) rather than a look-up per byte; this line is what 'shm dump'
         * spends its time on.
         */
        private static int standardLine(byte[] data, int from, long offset, byte[] out, int p) {
            long x = (long) WORD.get(data, from);
            long y = (long) WORD.get(data, from + 8);
            long h1 = hex8((int) (x >>> 32));
            long l1 = hex8((int) x);
            long h2 = hex8((int) (y >>> 32));
            long l2 = hex8((int) y);
            put8(out, p, offset);
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

        private int colorLine(byte[] data, int from, int n, long printed, byte[] to, int p) {
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
            p = offsetDigits(printed, to, p);
            // The template between the digits of consecutive bytes holds the separators, copied as they are.
            int done = 0;
            for (int k = 0; k < cols; k++) {
                int i = order[k];
                if (i >= n) {
                    continue;
                }
                int b = data[from + i] & 0xff;
                int at = hexAt[i];
                System.arraycopy(template, done, to, p, at - done);
                p += at - done;
                p = colorFor(b, to, p);
                if (bits) {
                    put8(to, p, bits8[b]);
                    p += 8;
                } else {
                    char d = digits2[b];
                    to[p++] = (byte) d;
                    to[p++] = (byte) (d >>> 8);
                }
                done = at + width;
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

        /** An offset as printed: at least 8 hex digits ({@code %08lx}), or with decimal {@code %08ld}. */
        private int offsetDigits(long at, byte[] to, int p) {
            if (decimal) {
                String digits = Long.toString(at);
                for (int i = digits.length(); i < 8; i++) {
                    to[p++] = '0';
                }
                for (int i = 0; i < digits.length(); i++) {
                    to[p++] = (byte) digits.charAt(i);
                }
                return p;
            }
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
            char d = offset2[b];
            to[p] = (byte) d;
            to[p + 1] = (byte) (d >>> 8);
        }

        /**
         * The second formatting thread: takes units from the batch it is given until none is left,
         * then parks until the next batch. A daemon, stopped when the dump ends or fails.
         */
        private final class Helper implements Runnable {
            private final Thread thread;
            private volatile Batch batch;
            private volatile boolean stopped;
            private volatile RuntimeException failure;

            Helper() {
                thread = new Thread(this, "shm-dump-format");
                thread.setDaemon(true);
                thread.start();
            }

            void take(Batch next) {
                if (failure != null) {
                    throw failure;
                }
                batch = next;
                java.util.concurrent.locks.LockSupport.unpark(thread);
            }

            void stop() {
                stopped = true;
                batch = null;
                java.util.concurrent.locks.LockSupport.unpark(thread);
            }

            @Override
            public void run() {
                Batch seen = null;
                while (!stopped) {
                    Batch current = batch;
                    if (current == null || current == seen) {
                        java.util.concurrent.locks.LockSupport.park(this);
                        continue;
                    }
                    seen = current;
                    try {
                        for (int k; !stopped && (k = current.next.getAndIncrement()) < current.count; ) {
                            current.format(k);
                        }
                    } catch (RuntimeException e) {
                        failure = e;
                        return;
                    }
                }
            }
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
