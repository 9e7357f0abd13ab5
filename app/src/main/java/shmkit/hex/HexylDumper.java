package shmkit.hex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * hexyl's layout: an offset panel, the bytes in panels of eight between borders, and the same bytes
 * as characters, byte for byte what hexyl 0.8 prints (with its colours, its squeezing of repeated
 * lines of one byte value into a {@code *} line, and its border styles). More panels (cols 24, 32..)
 * and groups of 2, 4 or 8 bytes follow the newer hexyl's --panels and --group-size.
 */
final class HexylDumper {
    /** hexyl --border. */
    enum Border {
        UNICODE("┌─┬┐", "└─┴┘", '│', '┊'), ASCII("+-++", "+-++", '|', '|'), NONE(null, null, ' ', ' ');

        final String top;
        final String bottom;
        final char outer;
        final char inner;

        Border(String top, String bottom, char outer, char inner) {
            this.top = top;
            this.bottom = bottom;
            this.outer = outer;
            this.inner = inner;
        }

        static Border parse(String name) {
            return switch (name == null ? "unicode" : name.toLowerCase(Locale.ROOT)) {
                case "unicode" -> UNICODE;
                case "ascii" -> ASCII;
                case "none" -> NONE;
                default -> throw new IllegalArgumentException("--border '" + name + "' is not a border style: give unicode, "
                        + "ascii or none (as hexyl --border)");
            };
        }
    }

    /** hexyl --character-table: how the character panels show a byte. */
    enum Chars {
        /** hexyl 0.8's: '0' for NUL, ' ' for space, '_' other white space, '•' other ASCII, '×' the rest. */
        DEFAULT,
        /** Printable ASCII as itself, '.' for the rest: the text column of xxd and hexdump -C. */
        ASCII,
        /** IBM code page 437's glyphs for every byte (⋄ for NUL, as hexyl). */
        CODEPAGE_437,
        /** Printable ASCII as itself, a braille pattern of the bits for the rest (⋄ for NUL, → ↵ ← for tab, newline, return). */
        BRAILLE;

        static Chars parse(String name) {
            return switch (name == null ? "default" : name.toLowerCase(Locale.ROOT)) {
                case "default" -> DEFAULT;
                case "ascii" -> ASCII;
                case "codepage-437" -> CODEPAGE_437;
                case "braille" -> BRAILLE;
                default -> throw new IllegalArgumentException("--character-table '" + name + "' is not a table: give "
                        + "default, ascii, codepage-437 or braille (as hexyl)");
            };
        }
    }

    /** Code page 437 from 0x80 (0x20-0x7e are ASCII; below, its graphic characters). */
    private static final String CP437_LOW = "⋄☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼";
    private static final String CP437_HIGH = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»"
            + "░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

    private static final byte[] OFFSET_COLOR = Sgr.of("38;5;242");
    /** hexyl 0.8's palette by category: NUL grey, printable cyan, white space green, other ASCII magenta, the rest yellow. */
    private static final byte[][] COLORS = {Sgr.of("38;5;242"), Sgr.of("36"), Sgr.of("32"), Sgr.of("35"), Sgr.of("33")};

    private final Border border;
    private final int cols;
    private final int panels;
    private final int group;
    private final boolean squeeze;
    private final boolean color;
    private final long displayOffset;
    /** Per byte: its digits as a cell (coloured, and a space after the last byte of a group). */
    private final byte[][] lastOfGroup = new byte[256][];
    private final byte[][] inGroup = new byte[256][];
    private final byte[][] glyph = new byte[256][];
    private final int panelWidth;
    private final byte[] header;
    private final byte[] footer;

    HexylDumper(Border border, Chars chars, int cols, int group, boolean squeeze, boolean color, boolean upper,
                long displayOffset) {
        this.border = border;
        this.cols = cols == 0 ? 16 : cols;
        if (this.cols % 8 != 0) {
            throw new IllegalArgumentException("--cols " + cols + " with --border: hexyl's panels hold 8 bytes each, "
                    + "so give 8, 16, 24..");
        }
        if (group != 1 && group != 2 && group != 4 && group != 8) {
            throw new IllegalArgumentException("--group " + group + " with --border: give 1, 2, 4 or 8 (as hexyl --group-size)");
        }
        this.panels = this.cols / 8;
        this.group = group;
        this.squeeze = squeeze;
        this.color = color;
        this.displayOffset = displayOffset;
        byte[] digits = upper ? Hex.UPPER_DIGITS : Hex.DIGITS;
        for (int b = 0; b < 256; b++) {
            byte[] c = COLORS[category(b)];
            String two = new String(new byte[] {digits[b >>> 4], digits[b & 15]}, StandardCharsets.US_ASCII);
            inGroup[b] = painted(c, two);
            lastOfGroup[b] = painted(c, two + " ");
            glyph[b] = painted(c, String.valueOf(character(b, chars)));
        }
        this.panelWidth = 1 + (2 * group + 1) * (8 / group);
        this.header = rule(border.top);
        this.footer = rule(border.bottom);
    }

    private byte[] painted(byte[] code, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!color) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(code);
        out.writeBytes(bytes);
        out.writeBytes(Sgr.RESET);
        return out.toByteArray();
    }

    /** hexyl's byte categories: 0 NUL, 1 printable ASCII, 2 ASCII white space, 3 other ASCII, 4 the rest. */
    private static int category(int b) {
        return b == 0 ? 0 : b > 0x20 && b < 0x7f ? 1 : b == 0x20 || b == 9 || b == 10 || b == 12 || b == 13 ? 2
                : b < 0x80 ? 3 : 4;
    }

    private static char character(int b, Chars chars) {
        int category = category(b);
        return switch (chars) {
            case DEFAULT -> switch (category) {
                case 0 -> '0';
                case 1 -> (char) b;
                case 2 -> b == 0x20 ? ' ' : '_';
                case 3 -> '•';
                default -> '×';
            };
            case ASCII -> category == 1 || b == 0x20 ? (char) b : '.';
            case CODEPAGE_437 -> b < 0x20 ? CP437_LOW.charAt(b) : b == 0x7f ? '⌂' : b < 0x80 ? (char) b
                    : CP437_HIGH.charAt(b - 0x80);
            case BRAILLE -> {
                if (b == 0) {
                    yield '⋄';
                }
                if (category == 1 || b == 0x20) {
                    yield (char) b;
                }
                if (b == '\t' || b == '\n' || b == '\r') {
                    yield b == '\t' ? '→' : b == '\n' ? '↵' : '←';
                }
                // The bits of the byte as braille dots: 0 3 / 1 4 / 2 5 / 6 7.
                int[] to = {0, 3, 1, 4, 2, 5, 6, 7};
                int dots = 0;
                for (int from = 0; from < 8; from++) {
                    dots |= (b >>> from & 1) << to[from];
                }
                yield (char) (0x2800 + dots);
            }
        };
    }

    /** A border line: left corner, then the offset, byte and character panels' widths in line, joined by crossings. */
    private byte[] rule(String corners) {
        if (corners == null) {
            return new byte[0];
        }
        char l = corners.charAt(0);
        String h = String.valueOf(corners.charAt(1));
        char c = corners.charAt(2);
        char r = corners.charAt(3);
        StringBuilder line = new StringBuilder().append(l).append(h.repeat(8)).append(c);
        for (int p = 0; p < panels; p++) {
            line.append(h.repeat(panelWidth)).append(c);
        }
        for (int p = 0; p < panels; p++) {
            line.append(h.repeat(8)).append(p == panels - 1 ? r : c);
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    Printer start(OutputStream out, long offset) throws IOException {
        return new Session(out, offset);
    }

    private final class Session implements Printer {
        private static final int FLUSH_AT = 1 << 16;
        private final OutputStream out;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_AT + 4096);
        private final byte[] line = new byte[cols];
        private int count;
        private long offset;
        // hexyl's squeezer, line by line: 0 no run; 1 a line of one value printed; 2 its repeat starred; 3 repeats dropped.
        private int state;
        private int lastByte;

        Session(OutputStream out, long offset) throws IOException {
            this.out = out;
            this.offset = offset;
            buffer.writeBytes(header);
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
                    count = 0;
                }
            }
        }

        private void fullLine() throws IOException {
            if (squeeze) {
                boolean uniform = true;
                for (int i = 1; i < cols && uniform; i++) {
                    uniform = line[i] == line[0];
                }
                boolean continues = uniform && (line[0] & 0xff) == lastByte;
                lastByte = line[cols - 1] & 0xff;
                if (!uniform) {
                    state = 0;
                } else if (!continues || state == 0) {
                    state = 1;
                } else if (state == 1) {
                    state = 2;
                    starLine();
                    offset += cols;
                    return;
                } else {
                    state = 3;
                    offset += cols;
                    return;
                }
            }
            print(cols);
            offset += cols;
        }

        @Override
        public void finish() throws IOException {
            if (count > 0) {
                print(count);
                offset += count;
            } else if (squeeze && state > 0) {
                // hexyl ends a run that reached the end with an empty line holding the end offset.
                offsetPanel();
                pad(panelWidth - 1);
                for (int p = 1; p < panels; p++) {
                    put(border.inner);
                    pad(panelWidth);
                }
                put(border.outer);
                for (int p = 0; p < panels; p++) {
                    pad(8);
                    put(p == panels - 1 ? border.outer : border.inner);
                }
                buffer.write('\n');
            }
            buffer.writeBytes(footer);
            buffer.writeTo(out);
            buffer.reset();
            out.flush();
        }

        private void offsetPanel() {
            put(border.outer);
            if (color) {
                buffer.writeBytes(OFFSET_COLOR);
            }
            String digits = Long.toHexString(offset + displayOffset);
            for (int i = digits.length(); i < 8; i++) {
                buffer.write('0');
            }
            buffer.writeBytes(digits.getBytes(StandardCharsets.US_ASCII));
            if (color) {
                buffer.writeBytes(Sgr.RESET);
            }
            put(border.outer);
            buffer.write(' ');
        }

        private void starLine() throws IOException {
            put(border.outer);
            if (color) {
                buffer.writeBytes(OFFSET_COLOR);
            }
            buffer.write('*');
            if (color) {
                buffer.writeBytes(Sgr.RESET);
            }
            pad(7);
            put(border.outer);
            for (int p = 0; p < panels; p++) {
                pad(panelWidth);
                put(p == panels - 1 ? border.outer : border.inner);
            }
            for (int p = 0; p < panels; p++) {
                pad(8);
                put(p == panels - 1 ? border.outer : border.inner);
            }
            buffer.write('\n');
            spill();
        }

        /** A line of n bytes: offset, byte panels (blank cells past n), character panels. */
        private void print(int n) throws IOException {
            offsetPanel();
            for (int i = 0; i < cols; i++) {
                boolean last = (i + 1) % group == 0;
                if (i < n) {
                    int b = line[i] & 0xff;
                    buffer.writeBytes(last ? lastOfGroup[b] : inGroup[b]);
                } else {
                    pad(last ? 3 : 2);
                }
                if (i % 8 == 7 && i < cols - 1) {
                    put(border.inner);
                    buffer.write(' ');
                }
            }
            put(border.outer);
            for (int i = 0; i < cols; i++) {
                if (i < n) {
                    buffer.writeBytes(glyph[line[i] & 0xff]);
                } else {
                    buffer.write(' ');
                }
                if (i % 8 == 7) {
                    put(i == cols - 1 ? border.outer : border.inner);
                }
            }
            buffer.write('\n');
            spill();
        }

        private void pad(int n) {
            for (int i = 0; i < n; i++) {
                buffer.write(' ');
            }
        }

        private void put(char c) {
            if (c < 0x80) {
                buffer.write(c);
            } else {
                buffer.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }

        private void spill() throws IOException {
            if (buffer.size() > FLUSH_AT) {
                buffer.writeTo(out);
                buffer.reset();
            }
        }
    }
}
