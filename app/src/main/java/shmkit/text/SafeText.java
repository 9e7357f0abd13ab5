package shmkit.text;

/**
 * The one place that makes bytes and text safe for a terminal, and the one rule every command uses
 * to show bytes as text. For one line (a message, a name in a table) use {@link #line} and
 * {@link #quote}, which also escape line breaks and tabs and cut what is too long.
 *
 * <p>Printable ASCII, newlines and tabs pass; NUL becomes {@code \0} and other control bytes (ESC
 * among them, which could drive the terminal) {@code \xNN}. Bytes of 0x80 and up come in runs
 * between ASCII bytes, and a run is shown as text only when all of it is valid printable UTF-8;
 * otherwise every byte of it is escaped, so binary data never shows as a stray character among
 * escapes ({@code de ad be ef} is {@code \xde\xad\xbe\xef}, not U+07AD then {@code \xbe\xef}).
 * Printable means a character that draws something: not a C1 control, a format character (bidi
 * controls, zero-width spaces), a private-use or unassigned code point, or a line or paragraph
 * separator; a combining mark (or a zero-width joiner) only after a printable character.
 *
 * <p>Feed an instance chunk after chunk: a run is held back until it ends or is {@value #HELD} bytes
 * long, so a long run of text (a page of CJK) is not held whole; past that length it is shown as
 * text character by character, and escaped byte by byte from its first bad character on.
 */
public final class SafeText {
    /** The most characters of one quoted value a message shows. */
    public static final int QUOTE_LIMIT = 100;
    /** The most characters of a whole line. */
    public static final int LINE_LIMIT = 1000;

    /** {@code s} fit for one line of a terminal: nothing that could break the line or drive the terminal, at most {@link #LINE_LIMIT} characters. */
    public static String line(String s) {
        return line(s, LINE_LIMIT);
    }

    /** {@code s} fit for one line, at most {@code limit} characters (then "...", and how long it was). */
    public static String line(String s, int limit) {
        if (s == null) {
            return "";
        }
        String safe = s;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                safe = lineOf(bytes, 0, bytes.length);
                break;
            }
        }
        return safe.length() <= limit ? safe : safe.substring(0, limit) + "... (" + s.length() + " characters in all)";
    }

    /** A value quoted in a message: {@code 'value'}, made safe and cut at {@link #QUOTE_LIMIT}. */
    public static String quote(String value) {
        return "'" + line(value, QUOTE_LIMIT) + "'";
    }

    /** Bytes as one safe line: as an instance shows them, with newlines and tabs escaped too. */
    public static String lineOf(byte[] bytes, int from, int length) {
        StringBuilder out = new StringBuilder(length + 8);
        SafeText safe = new SafeText();
        safe.append(bytes, from, length, out);
        safe.finish(out);
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c == '\n' || c == '\t') {
                out.replace(i, i + 1, c == '\n' ? "\\n" : "\\t");
                i++;
            }
        }
        return out.toString();
    }

    /** The longest run of non-ASCII bytes decided as a whole. */
    static final int HELD = 256;

    private final byte[] held = new byte[HELD + 4];
    private int heldCount;
    /** The run being read: still held, shown as text past HELD bytes, or escaped to its end. */
    private Mode mode = Mode.HOLDING;
    /** Whether the last character shown was printable (a combining mark may follow it). */
    private boolean afterPrintable;
    private int lastByte = -1;

    private enum Mode { HOLDING, TEXT, ESCAPING }

    /** Appends the safe form of the bytes; a run that has not ended yet waits for more. */
    public void append(byte[] bytes, int from, int length, StringBuilder out) {
        if (length == 0) {
            return;
        }
        lastByte = bytes[from + length - 1] & 0xff;
        int end = from + length;
        for (int i = from; i < end; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                endRun(out);
                appendAscii(b, out);
            } else if (mode == Mode.ESCAPING) {
                escape(b, out);
            } else {
                held[heldCount++] = (byte) b;
                if (mode == Mode.TEXT) {
                    showText(out, false);
                } else if (heldCount >= HELD) {
                    // long enough: shown as text so far and then a character at a time, or escaped to its end
                    if (showText(out, false)) {
                        mode = Mode.TEXT;
                    } else {
                        escapeHeld(out);
                        mode = Mode.ESCAPING;
                    }
                }
            }
        }
    }

    /** Ends the text: a run still held is decided as it is (an incomplete character is not text). */
    public void finish(StringBuilder out) {
        endRun(out);
    }

    /** Whether the last byte seen was a newline (so a caller knows to add one). */
    public boolean endsWithNewline() {
        return lastByte == '\n';
    }

    /**
     * The safe form of one run of non-ASCII bytes, bytes[from, to), on its own: for callers that
     * handle ASCII their own way (one-line values escape newlines too).
     *
     * @param afterPrintable whether a printable character comes just before the run
     */
    public static void appendRun(byte[] bytes, int from, int to, boolean afterPrintable, StringBuilder out) {
        SafeText safe = new SafeText();
        safe.afterPrintable = afterPrintable;
        safe.append(bytes, from, to - from, out);
        safe.finish(out);
    }

    private void appendAscii(int b, StringBuilder out) {
        if (b >= 0x20 && b != 0x7f || b == '\n' || b == '\t') {
            out.append((char) b);
            afterPrintable = b >= 0x20;
        } else {
            escape(b, out);
            afterPrintable = false;
        }
    }

    /** The run ends (an ASCII byte, or the end): what is held is shown as text if it all is, else escaped. */
    private void endRun(StringBuilder out) {
        if (heldCount > 0 && !showText(out, true)) {
            escapeHeld(out);
        }
        if (mode != Mode.HOLDING) {
            afterPrintable = mode == Mode.TEXT && afterPrintable;
        }
        heldCount = 0;
        mode = Mode.HOLDING;
    }

    /**
     * Shows the held bytes as text when they are printable UTF-8 (all of them when {@code ended}, else
     * the complete characters, keeping an incomplete last one); returns false, showing nothing, when
     * they are not. In TEXT mode a bad character switches to escaping from that character on.
     */
    private boolean showText(StringBuilder out, boolean ended) {
        int valid = 0;
        boolean printable = afterPrintable;
        int i = 0;
        while (i < heldCount) {
            int used = character(held, i, heldCount, printable);
            if (used == 0 && !ended) {
                break; // incomplete: wait for the rest of the character
            }
            if (used <= 0) {
                if (mode == Mode.TEXT) {
                    emit(out, valid);
                    escapeHeld(out);
                    mode = Mode.ESCAPING;
                    return true;
                }
                return false;
            }
            printable = true;
            i += used;
            valid = i;
        }
        emit(out, valid);
        return true;
    }

    /** Shows the first {@code count} held bytes (complete printable characters) as text and drops them. */
    private void emit(StringBuilder out, int count) {
        if (count == 0) {
            return;
        }
        for (int i = 0; i < count; ) {
            int b = held[i] & 0xff;
            int need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
            int cp = b & (0xff >> (need + 1));
            for (int k = 1; k < need; k++) {
                cp = cp << 6 | held[i + k] & 0x3f;
            }
            out.appendCodePoint(cp);
            i += need;
        }
        System.arraycopy(held, count, held, 0, heldCount - count);
        heldCount -= count;
        afterPrintable = true;
    }

    private void escapeHeld(StringBuilder out) {
        for (int k = 0; k < heldCount; k++) {
            escape(held[k] & 0xff, out);
        }
        heldCount = 0;
        afterPrintable = false;
    }

    /**
     * The length of the printable character at bytes[i], all of whose bytes are 0x80 or more: its
     * length in bytes; 0 when it is cut off at {@code end}; -1 when it is not valid UTF-8 or not printable.
     */
    static int character(byte[] bytes, int i, int end, boolean afterPrintable) {
        int b = bytes[i] & 0xff;
        int need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? (b <= 0xef ? 3 : 0) : b >= 0xc2 ? 2 : 0;
        if (need == 0) {
            return -1;
        }
        int cp = b & (0xff >> (need + 1));
        for (int k = 1; k < need; k++) {
            if (i + k >= end) {
                return 0;
            }
            int c = bytes[i + k] & 0xff;
            if ((c & 0xc0) != 0x80) {
                return -1;
            }
            cp = cp << 6 | c & 0x3f;
        }
        boolean overlong = need == 3 && cp < 0x800 || need == 4 && cp < 0x10000;
        return !overlong && printable(cp, afterPrintable) ? need : -1;
    }

    /** Whether the code point (0x80 or more) draws something, coming after a printable character or not. */
    static boolean printable(int cp, boolean afterPrintable) {
        if (cp > 0x10ffff) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            // joiners inside an emoji or a word, after what they join; every other format character is invisible
            case Character.FORMAT -> afterPrintable && (cp == 0x200c || cp == 0x200d);
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> afterPrintable;
            default -> true;
        };
    }

    private static void escape(int b, StringBuilder out) {
        if (b == 0) {
            out.append("\\0");
        } else {
            out.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
        }
    }
}
