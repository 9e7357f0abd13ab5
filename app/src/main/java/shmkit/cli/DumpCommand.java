package shmkit.cli;

import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;
import shmkit.hex.HexDumper;
import shmkit.ops.Dumps;

/** shm dump: a region as a hex dump; decides layout and colour, and leaves the formatting to HexDumper. */
final class DumpCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.range(this, "Bytes to dump (default: to the end of the segment).");
    private final OptionSpec cols;
    private final OptionSpec group;
    private final OptionSpec canonical;
    private final OptionSpec plain;
    private final OptionSpec squeeze;
    private final OptionSpec color;
    private final LockOptions lock = new LockOptions(this, false);

    DumpCommand(Context context) {
        super(context, "dump", "Print a region as a hex dump.",
                "By default the output is exactly what 'xxd -s OFFSET -l LENGTH' prints for the same bytes (offsets "
                        + "are absolute), so 'shm dump X | xxd -r' rebuilds the bytes; with more than 16 --cols, xxd "
                        + "needs 'xxd -r -c N'. 'shm write X --from-dump' reads every form back, the squeezed one too, "
                        + "and checks the whole dump before it writes a byte.");
        cols = option(OptionSpec.builder("-c", "--cols").paramLabel("N").type(Integer.class)
                .description("Bytes a line (default 16; 30 with --plain, where 0 puts everything on one line)."));
        group = option(OptionSpec.builder("-g", "--group").paramLabel("N").type(Integer.class)
                .description("Bytes between spaces (default 2; 0 for none). With --canonical: bytes between the "
                        + "wider gaps (default 8)."));
        exclusive(flagBuilder("hexdump -C's layout: 'OFFSET  hh hh ..  |text|', and a last line holding the end "
                        + "offset. With --squeeze it is exactly what hexdump -C prints.", "-C", "--canonical"),
                flagBuilder("Continuous hex digits without offsets or text, as 'xxd -p'.", "-p", "--plain"));
        canonical = optionNamed("--canonical");
        plain = optionNamed("--plain");
        squeeze = flag("Print a line that repeats the line before it as '*', which stands for as many copies as "
                + "reach the next line's offset (as hexdump does, and as 'xxd -a' does for zero lines). 'xxd -r' "
                + "cannot reverse a squeezed dump; 'shm write --from-dump' can.", "-a", "--squeeze");
        color = option(OptionSpec.builder("--color").paramLabel("WHEN").type(String.class).defaultValue("auto")
                .converters(DumpCommand::parseColor).completionCandidates(List.of("auto", "always", "never"))
                .description("Colour bytes by class (NUL, printable, white space, other): auto (only to a terminal, "
                        + "and not when NO_COLOR is set), always or never. Default: ${DEFAULT-VALUE}."));
        examples("shm dump demo", "shm dump demo --offset 0x100 --length 64", "shm dump demo --squeeze --color always | less -R",
                "shm dump demo --canonical", "shm dump demo > demo.hex; shm write demo --from-dump < demo.hex",
                "shm dump demo | xxd -r > demo.bin");
    }

    static String parseColor(String value) {
        return switch (value) {
            case "auto", "always", "never" -> value;
            default -> throw new TypeConversionException("'" + value + "' is not a colour choice (auto, always or never)");
        };
    }

    @Override
    protected int run() throws Exception {
        new Dumps(env()).dump(segment.name(), segment.offset(), segment.lengthOrNull(), dumper(), lock.spec());
        return 0;
    }

    /** Checks the options against each other and builds the dumper they describe. */
    private HexDumper dumper() {
        HexDumper.Layout layout = isSet(plain) ? HexDumper.Layout.PLAIN
                : isSet(canonical) ? HexDumper.Layout.CANONICAL : HexDumper.Layout.XXD;
        HexDumper.Builder builder = HexDumper.builder().layout(layout);
        if (given(cols)) {
            int n = cols.<Integer>getValue();
            int min = layout == HexDumper.Layout.PLAIN ? 0 : 1;
            if (n < min || n > HexDumper.MAX_COLS) {
                throw usageError("--cols " + n + " is out of range: give " + min + " to " + HexDumper.MAX_COLS);
            }
            builder.cols(n);
        }
        if (given(group)) {
            int n = group.<Integer>getValue();
            if (layout == HexDumper.Layout.PLAIN) {
                throw usageError("--group does not apply to --plain, which has no spaces");
            }
            if (n < 0) {
                throw usageError("--group " + n + " is negative: give 0 (no spaces) or more");
            }
            builder.group(n);
        }
        if (isSet(squeeze)) {
            if (layout == HexDumper.Layout.PLAIN) {
                throw usageError("--squeeze needs offsets to say how far a '*' reaches; --plain has none");
            }
            builder.squeeze(true);
        }
        String when = color.getValue();
        builder.color("always".equals(when) || "auto".equals(when) && io.colorAllowed());
        return builder.build();
    }
}
