package shmkit.text;

/**
 * The one place that makes text safe for a terminal. Bytes: valid UTF-8 text, newlines and tabs
 * pass; NUL becomes {@code \0}; other control bytes (ESC among them, which could drive the
 * terminal), C1 controls, bidirectional overrides and bytes that are not valid UTF-8 become
 * {@code \xNN}. Feed an instance chunk after chunk: a character split across two chunks is held
 * back until the next one. For one line (a message, a name in a table) use {@link #line} and
 * {@link #quote}, which also escape line breaks and tabs and cut what is too long.
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

    private final byte[] pending = new byte[4];
    private int pendingCount;
    private int lastByte = -1;

    /** Appends the safe form of the bytes; an incomplete character at the end waits for more. */
    public void append(byte[] bytes, int from, int length, StringBuilder out) {
        if (length == 0) {
            return;
        }
        lastByte = bytes[from + length - 1] & 0xff;
        if (pendingCount > 0) {
            byte[] joined = new byte[pendingCount + length];
            System.arraycopy(pending, 0, joined, 0, pendingCount);
            System.arraycopy(bytes, from, joined, pendingCount, length);
            pendingCount = 0;
            bytes = joined;
            from = 0;
            length = joined.length;
        }
        int end = from + length;
        for (int i = from; i < end; ) {
            i += appendOne(bytes, i, end, out);
        }
    }

    /** Ends the text: bytes still held are shown escaped. */
    public void finish(StringBuilder out) {
        for (int i = 0; i < pendingCount; i++) {
            escape(pending[i] & 0xff, out);
        }
        pendingCount = 0;
    }

    /** Whether the last byte seen was a newline (so a caller knows to add one). */
    public boolean endsWithNewline() {
        return lastByte == '\n';
    }

    /** One character or one escaped byte at bytes[i], or holds an incomplete tail; returns the bytes used. */
    private int appendOne(byte[] bytes, int i, int end, StringBuilder out) {
        int b = bytes[i] & 0xff;
        if (b < 0x80) {
            if (b >= 0x20 && b != 0x7f || b == '\n' || b == '\t') {
                out.append((char) b);
            } else {
                escape(b, out);
            }
            return 1;
        }
        int need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? (b <= 0xef ? 3 : 0) : b >= 0xc2 ? 2 : 0;
        if (need == 0) {
            escape(b, out);
            return 1;
        }
        if (i + need > end) {
            boolean continuing = true;
            for (int k = i + 1; k < end; k++) {
                continuing &= (bytes[k] & 0xc0) == 0x80;
            }
            if (continuing) {
                System.arraycopy(bytes, i, pending, 0, end - i);
                pendingCount = end - i;
                return end - i;
            }
            escape(b, out);
            return 1;
        }
        int cp = b & (0xff >> (need + 1));
        for (int k = 1; k < need; k++) {
            int c = bytes[i + k] & 0xff;
            if ((c & 0xc0) != 0x80) {
                escape(b, out);
                return 1;
            }
            cp = cp << 6 | c & 0x3f;
        }
        boolean overlong = need == 3 && cp < 0x800 || need == 4 && cp < 0x10000;
        if (overlong || cp > 0x10ffff || cp >= 0xd800 && cp <= 0xdfff || cp >= 0x80 && cp < 0xa0
                || cp == 0x2028 || cp == 0x2029 || cp >= 0x202a && cp <= 0x202e || cp >= 0x2066 && cp <= 0x2069) {
            escape(b, out);
            return 1;
        }
        out.appendCodePoint(cp);
        return need;
    }

    private static void escape(int b, StringBuilder out) {
        if (b == 0) {
            out.append("\\0");
        } else {
            out.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
        }
    }
}
