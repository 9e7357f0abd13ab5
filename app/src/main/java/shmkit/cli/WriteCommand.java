package shmkit.cli;

import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import shmkit.ShmException;
import shmkit.hex.Hex;
import shmkit.ops.Writes;


/** shm write: bytes into a region, refused whole when they do not fit. */
final class WriteCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.range(this,
            "Bytes the write covers: TEXT or --hex shorter than this is padded with zero bytes; "
                    + "with '-', exactly this many bytes are read; with --fill, how many bytes to fill.");
    private final PositionalParamSpec data;
    private final OptionSpec hex;
    private final OptionSpec fill;
    private final OptionSpec sync;
    private final LockOptions lock;
    private final ValueOptions values;
    private final OptionSpec fromDump;

    WriteCommand(Context context) {
        super(context, "write", "Write bytes into a segment.",
                "The bytes come from TEXT (as UTF-8), from standard input ('-'), from --hex or from --fill. "
                        + "A write that does not fit is refused whole, before any byte moves.");
        data = positional(PositionalParamSpec.builder().index("1").arity("0..1").paramLabel("TEXT|-").type(String.class)
                .description("Text to write as UTF-8 (no NUL is added), or '-' to copy standard input."));
        hex = stringOption("HEX", "Bytes as hex digits, spaces allowed: 'de ad be ef'.", "-x", "--hex");
        fill = option(OptionSpec.builder("--fill").paramLabel("BYTE").type(Byte.class).converters(new ByteConverter())
                .description("Fill --length bytes with BYTE: 0-255, 0x41, one character such as a, or any character "
                        + "in quotes, as in C: \"'1'\" is the character 1 (0x31), where 1 is the byte 0x01."));
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
                "shm write demo --fill a --length 100", "shm write demo --fill \"'1'\" --length 8    # the character 1, 0x31",
                "shm write demo --length 1024 \"msg 7\"    # pads with NULs",
                "shm read a | shm write b -", "shm write demo --offset 8 --as u64 18446744073709551615",
                "shm write demo --as i16be 1 -2 3", "shm write demo --layout 'bar:i32 baz:i32' bar=31337");
    }

    @Override
    protected int run() throws Exception {
        Writes writes = new Writes(env(), segment.name(), segment.offset(), lock.spec(), isSet(sync));
        if (values.given()) {
            if (given(hex) || given(fill) || segment.hasLength()) {
                throw usageError("--as and --layout write the values given after NAME; they do not go with --hex, --fill or --length");
            }
            writes.values(values.stores());
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
        if (isSet(fromDump)) {
            if (length != null) {
                throw usageError("--from-dump takes its lengths from the dump; --length does not apply");
            }
            writes.dump();
        } else if (given(fill)) {
            if (length == null) {
                throw usageError("--fill needs --length (how many bytes to fill)");
            }
            writes.fill(fill.<Byte>getValue(), length);
        } else if ("-".equals(text)) {
            writes.stdin(length);
        } else {
            byte[] bytes = text != null ? text.getBytes(StandardCharsets.UTF_8) : Hex.parse(hex.getValue());
            if (length != null && bytes.length > length) {
                throw ShmException.usage((text != null ? "TEXT" : "--hex") + " is " + bytes.length
                        + " bytes, more than --length " + length);
            }
            writes.bytes(bytes, length);
        }
        return 0;
    }
}
