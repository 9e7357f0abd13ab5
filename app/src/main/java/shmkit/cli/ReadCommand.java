package shmkit.cli;

import java.io.IOException;
import java.io.OutputStream;
import picocli.CommandLine.Model.OptionSpec;
import shmkit.hex.Hex;
import shmkit.segment.Region;
import shmkit.segment.Segments;
import shmkit.text.SafeText;
import shmkit.value.Shape;

/** shm read: a region's bytes, raw into a pipe, made safe for a terminal. */
final class ReadCommand extends Subcommand {
    /** Reads longer than this check afterwards that the segment is still what was read (one stat). */
    private static final long LONG = 1 << 20;

    private final SegmentOptions segment = SegmentOptions.rangeFromEnd(this,
            "Bytes to read (default: to the end of the segment). A range past the end is refused, not cut short "
                    + "(dump, xxd and od stop at the end): a program reading shm's output counts on exactly these bytes.",
            null);
    private final LockOptions lock = new LockOptions(this, false);
    private final OptionSpec text;
    private final OptionSpec hex;
    private final ValueOptions values;

    ReadCommand(Io io) {
        super(io, "read", "Print a region's bytes.",
                "Into a pipe or file the bytes are raw (so 'shm read a | shm write b -' copies); to a terminal, "
                        + "bytes that are not text are shown escaped (\\0, \\xNN), never raw.");
        exclusive(flagBuilder("The bytes up to the first NUL, as text, and a newline.", "-t", "--text"),
                flagBuilder("The bytes as continuous lower-case hex and a newline (what 'write --hex' takes).", "-x", "--hex"));
        text = optionNamed("--text");
        hex = optionNamed("--hex");
        values = ValueOptions.forReading(this);
        examples("shm read demo --length 16", "shm read demo --text", "shm read demo --offset 0x10 --length 4 --hex",
                "shm read demo | xxd", "shm read demo --offset 8 --as u64", "shm read demo --as f32be --count 4",
                "shm read demo --layout 'bar:i32 baz:i32' --json", "shm read demo --lock --offset 64 --length 64 | xxd");
    }

    @Override
    protected int run() throws Exception {
        if (values.given()) {
            if (isSet(text) || isSet(hex) || segment.hasLength()) {
                throw usageError("--as and --layout print values; they do not go with --text, --hex or --length (use --count)");
            }
            Shape shape = values.shape();
            try (Region region = segment.open(Segments.Access.READ)) {
                long offset = segment.offset(region);
                try (AutoCloseable held = lock.acquire(region, offset, shape.byteSize(), true)) {
                    values.print(shape, region, offset);
                }
            }
            return 0;
        }
        try (Region region = segment.open(Segments.Access.READ)) {
            long offset = segment.offset(region);
            long length = segment.length(region);
            region.checkRange(offset, length);
            OutputStream out = io.out();
            try (AutoCloseable held = lock.acquire(region, offset, length, true)) {
                print(region, offset, length, out);
            }
            if (length > LONG) {
                region.requireUnchanged("being read");
            }
        }
        return 0;
    }

    private void print(Region region, long offset, long length, OutputStream out) throws IOException {
            if (isSet(text)) {
                printText(region, offset, length, out);
            } else if (isSet(hex)) {
                printHex(region, offset, length, out);
            } else if (io.stdoutIsTerminal()) {
                printSafely(region, offset, length, out, false);
            } else if (length <= LONG) {
                // Through our buffer: the JDK's transferTo costs a short read milliseconds of set-up.
                region.copyTo(offset, length, out);
            } else {
                io.transfer(channel -> region.transferTo(offset, length, channel));
            }
            out.flush();
    }

    private void printText(Region region, long offset, long length, OutputStream out) throws IOException {
        long end = region.indexOf((byte) 0, offset, length);
        long textLength = (end < 0 ? offset + length : end) - offset;
        if (io.stdoutIsTerminal()) {
            printSafely(region, offset, textLength, out, true);
            return;
        }
        region.copyTo(offset, textLength, out);
        out.write('\n');
    }

    private static void printHex(Region region, long offset, long length, OutputStream out) throws IOException {
        // One buffer for every chunk: a fresh one each time would fill the young generation (and the
        // resident set) with garbage on a big read.
        byte[][] digits = {new byte[0]};
        region.chunks(offset, length, (bytes, n) -> {
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
    private static void printSafely(Region region, long offset, long length, OutputStream out, boolean newline)
            throws IOException {
        SafeText safe = new SafeText();
        StringBuilder chunk = new StringBuilder();
        char[][] chars = {new char[0]};
        java.io.Writer text = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
        region.chunks(offset, length, (bytes, n) -> {
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

    private static void write(StringBuilder chunk, char[][] chars, java.io.Writer text) throws IOException {
        if (chars[0].length < chunk.length()) {
            chars[0] = new char[chunk.length()];
        }
        chunk.getChars(0, chunk.length(), chars[0], 0);
        text.write(chars[0], 0, chunk.length());
    }
}
