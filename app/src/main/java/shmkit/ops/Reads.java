package shmkit.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import shmkit.hex.Hex;
import shmkit.segment.Segment;
import shmkit.segment.SegmentName;
import shmkit.text.SafeText;
import shmkit.value.Shape;

/**
 * shm read's work: a range's bytes on standard output, raw into a pipe or file (so
 * {@code shm read a | shm write b -} copies), made safe for a terminal (escaped, never raw), up to
 * the first NUL as text, as hex, or as typed values.
 */
public final class Reads {
    /** Reads longer than this check afterwards that the segment is still what was read (one stat). */
    private static final long LONG = 1 << 20;

    /** What to print of the bytes. */
    public enum Form { RAW, TEXT, HEX }

    private final Env env;
    private final SegmentName name;
    private final long offset;
    private final LockSpec lock;

    /** @param offset where the bytes start; negative counts back from the end of the segment */
    public Reads(Env env, SegmentName name, long offset, LockSpec lock) {
        this.env = env;
        this.name = name;
        this.offset = offset;
        this.lock = lock;
    }

    /** {@code length} bytes (null: to the end of the segment) in {@code form}; a negative offset counts from the end. */
    public void bytes(Long length, Form form) throws IOException {
        try (Segment segment = env.opener().open(name)) {
            long offset = segment.offsetFrom(this.offset);
            long n = length != null ? length : Math.max(0, segment.size() - offset);
            segment.checkRange(offset, n);
            try (Segment.Held held = lock.shared(segment, offset, n)) {
                print(segment, offset, n, form, env.out());
            }
            if (n > LONG) {
                segment.requireUnchanged("being read");
            }
        }
    }

    /** The values {@code shape} lays over the bytes at the offset, as text or JSON. */
    public void values(Shape shape, boolean json, java.io.PrintWriter out) {
        try (Segment segment = env.opener().open(name)) {
            long offset = segment.offsetFrom(this.offset);
            segment.checkRange(offset, shape.byteSize());
            try (Segment.Held held = lock.shared(segment, offset, shape.byteSize())) {
                segment.withMemory(offset, shape.byteSize(), memory -> {
                    if (json) {
                        shape.printJson(memory, offset, out);
                    } else {
                        shape.printText(memory, offset, out);
                    }
                    return null;
                });
            }
            out.flush();
        }
    }

    private void print(Segment segment, long offset, long length, Form form, Output output) throws IOException {
        OutputStream out = output.stream();
        switch (form) {
            case TEXT -> printText(segment, offset, length, output);
            case HEX -> printHex(segment, offset, length, out);
            case RAW -> {
                if (output.terminal()) {
                    printSafely(segment, offset, length, out, false);
                } else if (length <= LONG) {
                    // Through our buffer: the JDK's transferTo costs a short read milliseconds of set-up.
                    segment.copyTo(offset, length, out);
                } else {
                    output.transfer(channel -> segment.transferTo(offset, length, channel));
                }
            }
        }
        out.flush();
    }

    private void printText(Segment segment, long offset, long length, Output output) throws IOException {
        long end = segment.indexOf((byte) 0, offset, length);
        long textLength = (end < 0 ? offset + length : end) - offset;
        if (output.terminal()) {
            printSafely(segment, offset, textLength, output.stream(), true);
            return;
        }
        segment.copyTo(offset, textLength, output.stream());
        output.stream().write('\n');
    }

    private void printHex(Segment segment, long offset, long length, OutputStream out) throws IOException {
        // One buffer for every chunk: a fresh one each time would fill the young generation (and the
        // resident set) with garbage on a big read.
        byte[][] digits = {new byte[0]};
        segment.chunks(offset, length, (bytes, n) -> {
            if (digits[0].length < n * 2) {
                digits[0] = new byte[n * 2];
            }
            Hex.encode(bytes, 0, n, digits[0], 0);
            out.write(digits[0], 0, n * 2);
            return true;
        });
        out.write('\n');
    }

    /**
     * The bytes made safe for a terminal, a chunk at a time through one StringBuilder and one char
     * array that every chunk reuses: a String a chunk would fill the young generation (and the
     * resident set) on a big read.
     */
    private static void printSafely(Segment segment, long offset, long length, OutputStream out, boolean newline)
            throws IOException {
        SafeText safe = new SafeText();
        StringBuilder chunk = new StringBuilder();
        char[][] chars = {new char[0]};
        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        segment.chunks(offset, length, (bytes, n) -> {
            chunk.setLength(0);
            safe.append(bytes, 0, n, chunk);
            write(chunk, chars, text);
            return true;
        });
        chunk.setLength(0);
        safe.finish(chunk);
        if (newline || length > 0 && !safe.endsWithNewline()) {
            chunk.append('\n');
        }
        write(chunk, chars, text);
        text.flush();
    }

    private static void write(StringBuilder chunk, char[][] chars, Writer text) throws IOException {
        if (chars[0].length < chunk.length()) {
            chars[0] = new char[chunk.length()];
        }
        chunk.getChars(0, chunk.length(), chars[0], 0);
        text.write(chars[0], 0, chunk.length());
    }
}
