package shmkit.value;

import java.io.PrintWriter;

/**
 * Text gathered into blocks before it goes to a PrintWriter, through one char array: printing
 * millions of values a block at a time makes neither a String a value nor one a block. Owns the
 * block; {@link #flush()} at the end.
 */
final class Batch {
    private static final int BLOCK = 8192;

    private final PrintWriter out;
    // Both grow to a block as needed: one value costs what it prints.
    private final StringBuilder text = new StringBuilder();
    private char[] chars = new char[0];

    Batch(PrintWriter out) {
        this.out = out;
    }

    /** Where to append; call {@link #full()} after each value. */
    StringBuilder text() {
        return text;
    }

    /** Sends the block on once it is full. */
    void full() {
        if (text.length() >= BLOCK) {
            flush();
        }
    }

    void flush() {
        int n = text.length();
        if (chars.length < n) {
            chars = new char[n];
        }
        text.getChars(0, n, chars, 0);
        out.write(chars, 0, n);
        text.setLength(0);
    }
}
