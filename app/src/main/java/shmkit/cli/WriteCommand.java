package shmkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import shmkit.ShmException;
import shmkit.hex.DumpParser;
import shmkit.hex.DumpSpool;
import shmkit.hex.Hex;
import shmkit.segment.Region;
import shmkit.segment.Segments;
import shmkit.value.Stores;

/** shm write: bytes into a region, refused whole when they do not fit. */
final class WriteCommand extends Subcommand {
    /** Standard input of unknown length is held up to this much, so a bad length is refused before a byte moves. */
    static final int STAGE = 16 << 20;
    /** A dump from a pipe keeps this much of what it writes in memory while it is checked; the rest waits in TMPDIR. */
    static final long SPOOL_MEMORY = 32 << 20;

    private final SegmentOptions segment = SegmentOptions.rangeFromEnd(this,
            "Bytes the write covers: TEXT or --hex shorter than this is padded with zero bytes; "
                    + "with '-', exactly this many bytes are read; with --fill, how many bytes to fill.",
            "Byte offset to write at (default 0). Takes 0x.. and units (4K). With --from-dump it is added to the "
                    + "dump's offsets, and a negative one moves them back: --offset -0x1000 writes a dump of offsets "
                    + "0x1000.. from 0 (as xxd -r -s -0x1000).");
    private final PositionalParamSpec data;
    private final OptionSpec hex;
    private final OptionSpec fill;
    private final OptionSpec sync;
    private final LockOptions lock;
    private final ValueOptions values;
    private final OptionSpec fromDump;

    WriteCommand(Io io) {
        super(io, "write", "Write bytes into a segment.",
                "The bytes come from TEXT (as UTF-8), from standard input ('-'), from --hex or from --fill. "
                        + "A write that does not fit is refused whole, before any byte moves.");
        data = positional(PositionalParamSpec.builder().index("1").arity("0..1").paramLabel("TEXT|-").type(String.class)
                .description("Text to write as UTF-8 (no NUL is added), or '-' to copy standard input."));
        hex = stringOption("HEX", "Bytes as hex digits, spaces allowed: 'de ad be ef'.", "-x", "--hex");
        fill = option(OptionSpec.builder("--fill").paramLabel("BYTE").type(Byte.class).converters(new ByteConverter())
                .description("Fill --length bytes with BYTE: 0-255, 0x41, or one character such as a."));
        fromDump = flag("Read a hex dump on standard input and write its bytes at the offsets it names (plus --offset, "
                + "as 'xxd -r -s'): xxd's layout and 'shm dump' (squeezed too), hexdump -C, or plain hex as 'xxd -p' "
                + "(written from --offset on). The whole dump is checked before a byte moves; a malformed line is "
                + "an error naming it. From a file the dump is read twice (checked, then written); from a pipe "
                + "what it writes waits in memory, and beyond 32 MiB in a temporary file in TMPDIR.", "--from-dump");
        sync = flag("msync the written range before exiting and report its failure (reaches the disk for a file).",
                "--sync");
        lock = new LockOptions(this, true);
        values = ValueOptions.forWriting(this);
        examples("shm write demo hello", "shm write demo --offset 0x10 --hex 'de ad be ef'",
                "shm write demo --fill a --length 100", "shm write demo --length 1024 \"msg 7\"    # pads with NULs",
                "shm read a | shm write b -", "shm write demo --offset 8 --as u64 18446744073709551615",
                "shm write demo --as i16be 1 -2 3", "shm write demo --layout 'bar:i32 baz:i32' bar=31337");
    }

    @Override
    protected int run() throws Exception {
        if (values.given()) {
            if (segment.offset() < 0) {
                throw usageError("--offset " + segment.offset() + ": a negative offset goes with --from-dump only");
            }
            if (given(hex) || given(fill) || segment.hasLength()) {
                throw usageError("--as and --layout write the values given after NAME; they do not go with --hex, --fill or --length");
            }
            Stores stores = values.stores();
            try (Region region = segment.open(Segments.Access.WRITE)) {
                region.checkRange(segment.offset(), stores.byteSize());
                try (AutoCloseable held = lock.acquire(region, segment.offset(), stores.byteSize(), false)) {
                    ValueOptions.write(stores, region, segment.offset(), isSet(sync));
                }
            }
            return 0;
        }
        if (values.values().size() > 1) {
            throw usageError("one TEXT only (quote text with spaces: 'hello world'); several values need --as TYPE");
        }
        String text = data.getValue();
        int sources = (text != null ? 1 : 0) + (given(hex) ? 1 : 0) + (given(fill) ? 1 : 0) + (isSet(fromDump) ? 1 : 0);
        if (sources == 0) {
            throw usageError("nothing to write: give TEXT, '-' (standard input), --hex, --fill or --from-dump");
        }
        if (sources > 1) {
            throw usageError("give only one of TEXT, '-', --hex, --fill and --from-dump");
        }
        Long length = segment.lengthOrNull();
        if (segment.offset() < 0 && !isSet(fromDump)) {
            throw usageError("--offset " + segment.offset() + ": a negative offset goes with --from-dump, where it moves "
                    + "the dump's offsets back (as xxd -r -s -N); write elsewhere takes 0 or more");
        }
        if (isSet(fromDump)) {
            if (length != null) {
                throw usageError("--from-dump takes its lengths from the dump; --length does not apply");
            }
            return writeDump();
        }
        if (given(fill) && length == null) {
            throw usageError("--fill needs --length (how many bytes to fill)");
        }
        byte[] bytes = "-".equals(text) || given(fill) ? null
                : text != null ? text.getBytes(StandardCharsets.UTF_8) : Hex.parse(hex.getValue());
        if (bytes != null && length != null && bytes.length > length) {
            throw ShmException.usage((text != null ? "TEXT" : "--hex") + " is " + bytes.length
                    + " bytes, more than --length " + length);
        }
        long offset = segment.offset();
        try (Region region = segment.open(Segments.Access.WRITE)) {
            long written;
            if (bytes == null && !given(fill)) {
                // From a stream the bytes touched are known only at its end: lock up to --length or the end.
                region.checkRange(offset, length == null ? 0 : length);
                try (AutoCloseable held = lock.acquire(region, offset, length != null ? length : region.size() - offset, false)) {
                    written = writeStandardInput(region, offset, length);
                }
            } else {
                written = length != null ? length : bytes.length;
                region.checkRange(offset, written);
                try (AutoCloseable held = lock.acquire(region, offset, written, false)) {
                    if (bytes == null) {
                        region.fill(offset, written, fill.<Byte>getValue());
                    } else {
                        region.write(offset, bytes);
                        region.fill(offset + bytes.length, written - bytes.length, (byte) 0);
                    }
                }
            }
            if (isSet(sync)) {
                region.sync(offset, written);
            }
            region.requireUnchanged("being written");
        }
        return 0;
    }

    /**
     * Checks the whole dump on standard input, then writes it, in bounded memory. A file is read
     * twice: once to check every line, once to write, keeping nothing in between. A pipe is read
     * once into a {@link DumpSpool} (memory, then a temporary file) and written from there.
     */
    private int writeDump() throws Exception {
        try (Region region = segment.open(Segments.Access.WRITE)) {
            long base = segment.offset();
            if (base >= 0) {
                region.checkRange(base, 0);
            }
            String target = region.name().toString();
            String arg = region.name().arg();
            String quoted = arg.matches("[A-Za-z0-9._/+:@%=,-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
            java.util.function.LongFunction<String> grow = size -> "shm resize " + quoted + " --size " + size;
            DumpParser.Sink writes = DumpParser.writingTo(region::write);
            FileChannel file = io.stdinFile();
            DumpParser.Extent extent;
            if (file != null) {
                long start = file.position();
                extent = DumpParser.parse(io.in(), base, region.size(), target, DumpParser.Sink.NONE, grow);
                long checked = file.position() - start;
                try (AutoCloseable held = lock(region, extent)) {
                    file.position(start);
                    DumpParser.Extent written;
                    try {
                        written = DumpParser.parse(Channels.newInputStream(new Bounded(file, checked)), base,
                                region.size(), target, writes);
                    } catch (ShmException e) {
                        throw changedWhileWriting(e.getMessage());
                    }
                    if (!written.equals(extent)) {
                        throw changedWhileWriting("it now writes " + written.bytes() + " bytes, not " + extent.bytes());
                    }
                }
            } else {
                try (DumpSpool spool = new DumpSpool(spoolFolder(), SPOOL_MEMORY)) {
                    extent = DumpParser.parse(io.in(), base, region.size(), target, spool, grow);
                    try (AutoCloseable held = lock(region, extent)) {
                        spool.replayTo(writes);
                    }
                }
            }
            if (isSet(sync) && !extent.isEmpty()) {
                region.sync(extent.low(), extent.high() - extent.low());
            }
            region.requireUnchanged("being written");
            if (extent.note() != null) {
                io.err().println(Cli.prefix(spec.commandLine(), io) + "note: " + extent.note());
            }
        }
        return 0;
    }

    /** --lock for a dump: the span from its first byte to its last. */
    private AutoCloseable lock(Region region, DumpParser.Extent extent) {
        return extent.isEmpty() ? null : lock.acquire(region, extent.low(), extent.high() - extent.low(), false);
    }

    private static ShmException changedWhileWriting(String what) {
        return ShmException.failure("standard input changed between the check of the dump and its writing (" + what
                + "); the lines before that were written");
    }

    /** Where a dump from a pipe waits once it outgrows memory: TMPDIR, as other tools use it. */
    private Path spoolFolder() {
        String tmp = io.env("TMPDIR");
        return Path.of(tmp != null && !tmp.isEmpty() ? tmp : System.getProperty("java.io.tmpdir"));
    }

    /** The first {@code left} bytes of a file from its position: the second pass reads what the first checked. */
    private static final class Bounded implements ReadableByteChannel {
        private final FileChannel file;
        private long left;

        Bounded(FileChannel file, long left) {
            this.file = file;
            this.left = left;
        }

        @Override
        public int read(ByteBuffer buffer) throws IOException {
            if (left <= 0) {
                return -1;
            }
            if (buffer.remaining() > left) {
                buffer.limit(buffer.position() + (int) left);
            }
            int n = file.read(buffer);
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return file.isOpen();
        }

        @Override
        public void close() {
            // standard input stays open
        }
    }

    /**
     * Copies standard input. Its length is checked before any byte moves when it is known: a file
     * redirected with '<', or a pipe that ends within {@link #STAGE} bytes. A longer pipe is streamed,
     * and if it then proves too short or too long the message says how much was written.
     */
    private long writeStandardInput(Region region, long offset, Long length) throws IOException {
        region.checkRange(offset, length == null ? 0 : length);
        long room = region.size() - offset;
        long limit = length != null ? length : room;
        long known = io.stdinRemaining();
        if (known >= 0) {
            if (length == null) {
                region.checkRange(offset, known);
            } else if (known < length) {
                throw endedEarly(known, length, 0);
            }
        }
        if (known >= 0) {
            long wanted = length != null ? length : known;
            long total;
            try (Progress progress = Progress.of(io, "write", wanted)) {
                total = region.copyFrom(progress.counting(io.inChannel(), 0), offset, wanted);
            }
            if (length != null && total < length) {
                throw endedEarly(total, length, total);
            }
            return total;
        }
        InputStream in = io.in();
        byte[] staged = new byte[(int) Math.min(limit, STAGE)];
        int got = in.readNBytes(staged, 0, staged.length);
        if (got < staged.length || got == limit) {
            if (length != null && got < length) {
                throw endedEarly(got, length, 0);
            }
            if (length == null && got == limit && in.read() >= 0) {
                throw tooLong(region, offset, 0);
            }
            region.write(offset, staged, 0, got);
            return got;
        }
        region.write(offset, staged);
        long total;
        try (Progress progress = Progress.of(io, "write", length != null ? length : -1)) {
            total = got + region.copyFrom(progress.counting(io.inChannel(), got), offset + got, limit - got);
        }
        if (length != null && total < length) {
            throw endedEarly(total, length, total);
        }
        if (length == null && total == limit && in.read() >= 0) {
            throw tooLong(region, offset, total);
        }
        return total;
    }

    private static ShmException endedEarly(long got, long wanted, long written) {
        return ShmException.failure("standard input ended after " + got + " bytes; --length asks for " + wanted + "; "
                + (written == 0 ? "nothing was written" : "the first " + written + " bytes were written"));
    }

    private static ShmException tooLong(Region region, long offset, long written) {
        String message = "standard input holds more than the " + (region.size() - offset) + " bytes from offset " + offset
                + " to the end of " + region.name() + " (" + region.size() + " bytes); ";
        return written == 0 ? ShmException.usage(message + "nothing was written")
                : ShmException.failure(message + "the first " + written + " bytes were written");
    }
}
