package shmkit.cli;

import picocli.CommandLine.Model.OptionSpec;
import shmkit.ops.Reads;

/** shm read: a region's bytes, raw into a pipe, made safe for a terminal. */
final class ReadCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.range(this, "Bytes to read (default: to the end of the segment).");
    private final LockOptions lock = new LockOptions(this, false);
    private final OptionSpec text;
    private final OptionSpec hex;
    private final ValueOptions values;

    ReadCommand(Context context) {
        super(context, "read", "Print a region's bytes.",
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
        Reads reads = new Reads(env(), segment.name(), segment.offset(), lock.spec());
        if (values.given()) {
            if (isSet(text) || isSet(hex) || segment.hasLength()) {
                throw usageError("--as and --layout print values; they do not go with --text, --hex or --length (use --count)");
            }
            reads.values(values.shape(), values.json(), io.text());
            return 0;
        }
        reads.bytes(segment.lengthOrNull(), isSet(text) ? Reads.Form.TEXT : isSet(hex) ? Reads.Form.HEX : Reads.Form.RAW);
        return 0;
    }
}
