package shmkit.cli;

import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;
import shmkit.hex.DumpFormat;
import shmkit.ops.Dumps;

/** shm dump: a region as a hex dump; turns the options into a DumpFormat, which does the formatting. */
final class DumpCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.rangeFromEnd(this,
            "Bytes to dump (default: to the end of the segment); past the end the dump stops there, as xxd's does.",
            "Byte offset to start at (xxd -s, od -j, hexyl -s; default 0); -N starts N bytes before the end. At or "
                    + "past the end nothing is printed. Takes 0x.. and units (4K, -1M). xxd's -o is --display-offset.");
    private final OptionSpec cols;
    private final OptionSpec group;
    private final OptionSpec squeeze;
    private final OptionSpec upper;
    private final OptionSpec bits;
    private final OptionSpec littleEndian;
    private final OptionSpec decimal;
    private final OptionSpec displayOffset;
    private final OptionSpec name;
    private final OptionSpec capitalize;
    private final OptionSpec radix;
    private final OptionSpec characterTable;
    private final OptionSpec color;
    private final LockOptions lock = new LockOptions(this, false);

    DumpCommand(Context context) {
        super(context, "dump", "Print a region as a hex dump, as xxd, hexdump -C, od or hexyl print it.",
                "By default the output is exactly what 'xxd -s OFFSET -l LENGTH' prints for the same bytes (offsets "
                        + "are absolute), so 'shm dump X | xxd -r' rebuilds the bytes; with more than 16 --cols, xxd "
                        + "needs 'xxd -r -c N'. 'shm write X --from-dump' reads the xxd, hexdump -C and plain forms back, "
                        + "squeezed too, and checks the whole dump before it writes a byte. Each option prints what its "
                        + "peer prints for the same bytes (docs/dump.md has a table per peer).");
        cols = option(OptionSpec.builder("-c", "--cols").paramLabel("N").type(Integer.class)
                .description("Bytes a line (xxd -c; default 16, with --bits 6, --include 12, --plain 30; 0 is the "
                        + "default, but with --plain everything on one line)."));
        group = option(OptionSpec.builder("-g", "--group").paramLabel("N").type(Integer.class)
                .description("Bytes between spaces (xxd -g; default 2, with --bits 1, --little-endian 4; 0 for none). "
                        + "With --canonical: bytes between the wider gaps (default 8); with --border: 1, 2, 4 or 8."));
        exclusive(flagBuilder("hexdump -C's layout: 'OFFSET  hh hh ..  |text|', and a last line holding the end "
                        + "offset. With --squeeze it is exactly what hexdump -C prints.", "-C", "--canonical"),
                flagBuilder("Continuous hex digits without offsets or text, as 'xxd -p'.", "-p", "--plain"),
                flagBuilder("A C array, as 'xxd -i': 'unsigned char NAME[] = {0x48, ..};' and NAME_len.", "-i", "--include"),
                OptionSpec.builder("--as").paramLabel("TYPE").type(String.class).description("Typed columns as 'od -t': "
                        + "an offset, then values of TYPE: shm's names (u32, i16be, f64) or od's (x4, u2, d1, o2, f8). "
                        + "u8 is one byte, as everywhere in shm (od's eight-byte u8 is u64)."),
                OptionSpec.builder("--border").paramLabel("STYLE").type(String.class)
                        .completionCandidates(List.of("unicode", "ascii", "none")).description("hexyl's layout: "
                        + "panels between borders of STYLE (unicode, ascii or none), characters beside the bytes."));
        squeeze = flag("Squeeze lines into '*' as the peer of the layout does: in xxd's layout only lines of zeros "
                + "(xxd -a), so 'xxd -r' still rebuilds the bytes; with --canonical and --as any line equal to the one "
                + "before (hexdump, od); with --border lines of one repeated byte (hexyl). 'shm write --from-dump' reads "
                + "them all back.", "-a", "--squeeze");
        upper = flag("Upper-case hex digits for the bytes (xxd -u); offsets stay lower-case, as in xxd.", "-u", "--upper");
        bits = flag("Bits instead of hex digits, 8 a byte (xxd -b); with --include, 0b01001000 literals.", "-b", "--bits");
        littleEndian = flag("Each group as a little-endian number, its bytes reversed (xxd -e; groups of 4 by default).",
                "-e", "--little-endian");
        decimal = flag("Offsets in decimal (xxd -d). 'xxd -r' and --from-dump read offsets as hex: such a dump does "
                + "not read back.", "-d", "--decimal");
        displayOffset = sizeOption("N", "Add N to the offsets printed, not to where the dump starts (xxd -o, hexyl "
                + "--display-offset; shm's -o is --offset, where to start). 'write --from-dump --offset -N' undoes it.",
                "--display-offset");
        name = stringOption("NAME", "With --include: the array's name (xxd -n; default: the segment as given).",
                "-n", "--name");
        capitalize = flag("With --include: the name in capitals, and NAME_LEN (xxd -C, which is --canonical here).",
                "--capitalize");
        radix = option(OptionSpec.builder("--radix").paramLabel("R").type(Character.class)
                .completionCandidates(List.of("x", "d", "o", "n"))
                .description("With --as: offsets in d(ecimal), o(ctal, od's default), x (hex) or n (none), as 'od -A'."));
        characterTable = option(OptionSpec.builder("--character-table").paramLabel("TABLE").type(String.class)
                .completionCandidates(List.of("default", "ascii", "codepage-437", "braille"))
                .description("With --border: how bytes show as characters (hexyl --character-table): default "
                        + "(hexyl's: 0 _ • ×), ascii (dots), codepage-437 or braille."));
        color = option(OptionSpec.builder("--color").paramLabel("WHEN").type(String.class).defaultValue("auto")
                .converters(DumpCommand::parseColor).completionCandidates(List.of("auto", "always", "never"))
                .description("Colour bytes by class: auto (only to a terminal, and not when NO_COLOR is set), always or "
                        + "never. xxd -R's palette (NUL white, printable green, tab/newline/return yellow, 0xff blue, "
                        + "the rest red); hexyl's with --border. Default: auto."));
        examples("shm dump demo", "shm dump demo --offset 0x100 --length 64", "shm dump demo --offset -64",
                "shm dump demo --squeeze --color always | less -R", "shm dump demo --canonical --squeeze",
                "shm dump demo --as u32 --radix x", "shm dump demo --include --name table > table.h",
                "shm dump demo --border unicode", "shm dump demo > demo.hex; shm write demo --from-dump < demo.hex",
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
        new Dumps(env()).dump(segment.name(), segment.offset(), segment.lengthOrNull(), format(segment.name().arg()),
                lock.spec());
        return 0;
    }

    /** The format the options describe; options that do not go together are a usage error. */
    private DumpFormat format(String segmentName) {
        DumpFormat.Style style = isSet(optionNamed("--plain")) ? DumpFormat.Style.PLAIN
                : isSet(optionNamed("--canonical")) ? DumpFormat.Style.CANONICAL
                : isSet(optionNamed("--include")) ? DumpFormat.Style.C_INCLUDE
                : given(optionNamed("--as")) ? DumpFormat.Style.COLUMNS
                : given(optionNamed("--border")) ? DumpFormat.Style.HEXYL : DumpFormat.Style.XXD;
        String when = color.getValue();
        Long shift = displayOffset.getValue();
        try {
            return DumpFormat.builder().style(style)
                    .cols(given(cols) ? cols.getValue() : null).group(given(group) ? group.getValue() : null)
                    .squeeze(isSet(squeeze)).upper(isSet(upper)).bits(isSet(bits)).littleEndian(isSet(littleEndian))
                    .decimal(isSet(decimal)).displayOffset(given(displayOffset) && shift != null ? shift : 0)
                    .name(given(name) ? name.getValue() : style == DumpFormat.Style.C_INCLUDE ? segmentName : null)
                    .capitalize(isSet(capitalize))
                    .type(style == DumpFormat.Style.COLUMNS ? optionNamed("--as").getValue() : null)
                    .radix(given(radix) ? radix.getValue() : null)
                    .border(style == DumpFormat.Style.HEXYL ? optionNamed("--border").getValue() : null)
                    .characterTable(given(characterTable) ? characterTable.getValue() : null)
                    .color("always".equals(when) || "auto".equals(when) && io.colorAllowed())
                    .build();
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }
}
