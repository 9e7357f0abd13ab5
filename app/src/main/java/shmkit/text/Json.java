package shmkit.text;

/**
 * The one JSON writer of shm, for every --json view: objects, arrays, strings, numbers, booleans
 * and null, with commas placed for the caller. Strings are escaped per RFC 8259 ({@link #quoted}),
 * and C1 controls and line separators too, so a segment name or a command line with control
 * characters stays one valid value that a terminal shows harmlessly.
 */
public final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    /** One flag per open container: whether it has a member yet (so the next one needs a comma). */
    private final java.util.BitSet hasMember = new java.util.BitSet();
    private int depth;
    private boolean afterName;

    public Json(StringBuilder out) {
        this.out = out;
    }

    public Json beginObject() {
        value();
        out.append('{');
        hasMember.clear(++depth);
        return this;
    }

    public Json endObject() {
        out.append('}');
        depth--;
        return this;
    }

    public Json beginArray() {
        value();
        out.append('[');
        hasMember.clear(++depth);
        return this;
    }

    public Json endArray() {
        out.append(']');
        depth--;
        return this;
    }

    public Json name(String name) {
        comma();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public Json value(String value) {
        if (value == null) {
            return nullValue();
        }
        value();
        string(value);
        return this;
    }

    public Json value(long value) {
        value();
        out.append(value);
        return this;
    }

    public Json value(double value) {
        value();
        out.append(Double.isFinite(value) ? Double.toString(value) : "null");
        return this;
    }

    public Json value(boolean value) {
        value();
        out.append(value);
        return this;
    }

    /**
     * A value that is already JSON text, written as it is: what the value formats made (a number, an
     * array, an object of a layout's fields). The caller vouches that it is one valid JSON value.
     */
    public Json rawValue(String json) {
        value();
        out.append(json);
        return this;
    }

    public Json nullValue() {
        value();
        out.append("null");
        return this;
    }

    public Json field(String name, String value) {
        return name(name).value(value);
    }

    public Json field(String name, long value) {
        return name(name).value(value);
    }

    public Json field(String name, boolean value) {
        return name(name).value(value);
    }

    /** A number, or null when it is negative (the views use -1 for "not known"). */
    public Json fieldOrNull(String name, long value) {
        name(name);
        return value < 0 ? nullValue() : value(value);
    }

    private void value() {
        if (afterName) {
            afterName = false;
            return;
        }
        comma();
    }

    private void comma() {
        if (depth > 0) {
            if (hasMember.get(depth)) {
                out.append(',');
            }
            hasMember.set(depth);
        }
    }

    private void string(String s) {
        appendQuoted(s, out);
    }

    /** {@code s} as a JSON string literal, quotes included. */
    public static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        appendQuoted(s, out);
        return out.toString();
    }

    /** Appends {@code s} as a JSON string literal. */
    public static void appendQuoted(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 || c == 0x2028 || c == 0x2029) {
                        out.append("\\u").append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15]).append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
