package shmkit.cli;

import java.nio.file.Path;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import shmkit.segment.SegmentName;

/**
 * The options every segment command shares: NAME, --offset/-o and --length/-l, with one meaning
 * everywhere. Naming goes through here, so every command names a segment alike; operations open it
 * (through the context's opener, the shell's segment in the shell).
 */
final class SegmentOptions {
    /** The label of a segment argument; completion recognizes segment arguments by it (CompletionCommand). */
    static final String NAME_LABEL = "NAME";

    private final Subcommand command;
    private final PositionalParamSpec name;
    private final OptionSpec offset;
    private final OptionSpec length;

    /** NAME alone, for commands that take a whole segment (create, rm, info). */
    static SegmentOptions nameOnly(Subcommand command) {
        return new SegmentOptions(command, false, null, null);
    }

    /** NAME, --offset and, when lengthDescription is not null, --length. */
    static SegmentOptions range(Subcommand command, String lengthDescription) {
        return new SegmentOptions(command, true, lengthDescription, null);
    }

    /**
     * NAME, --offset that may count back from the end ({@code -16}: the last 16 bytes, as xxd -s -16;
     * the operation resolves it, Segment.offsetFrom), and --length: for the commands that read (dump,
     * read, watch), and write, which gives a negative offset a meaning of its own (offsetDescription).
     */
    static SegmentOptions rangeFromEnd(Subcommand command, String lengthDescription, String offsetDescription) {
        return new SegmentOptions(command, true, lengthDescription, offsetDescription != null ? offsetDescription
                : "Byte offset into the segment (default 0); negative counts back from the end: -16 is the last 16 "
                + "bytes (as xxd -s -16). Takes 0x.. and units (4K, -1M).");
    }

    private SegmentOptions(Subcommand command, boolean range, String lengthDescription, String fromEnd) {
        this.command = command;
        this.name = command.positional(PositionalParamSpec.builder().index("0").arity("1").paramLabel(NAME_LABEL).type(String.class)
                .description("Segment: a bare name is /dev/shm/NAME (as shm_open(\"/NAME\")), a path with '/' is a file; "
                        + "sysv:KEY (0x5d000a1b) or sysv:id:ID is a System V segment, pid:PID:fd:N a process's open "
                        + "memfd, pid:PID@0xADDR a process's shared mapping (its anonymous block), memfd:NAME a memfd "
                        + "by name; posix:NAME is always the POSIX name NAME."));
        this.offset = !range ? null : fromEnd == null
                ? command.sizeOption("N", "Byte offset into the segment (default 0). Takes 0x.. and units (4K).", "-o", "--offset")
                : command.option(OptionSpec.builder("-o", "--offset").paramLabel("N").type(Long.class)
                        .converters(new SizeConverter.FromEnd()).description(fromEnd));
        this.length = lengthDescription == null ? null
                : command.sizeOption("N", lengthDescription, "-l", "--length");
    }

    SegmentName name() {
        String arg = name.getValue();
        Path dir = command.io.shmDir();
        // The shell runs this command again and again on one name: the same text in the same folder
        // is the same name (parse is a function of the two), so it is parsed once.
        if (parsed == null || !arg.equals(parsed.arg()) || !dir.equals(parsedIn)) {
            parsed = SegmentName.parse(arg, dir);
            parsedIn = dir;
        }
        return parsed;
    }

    private SegmentName parsed;
    private Path parsedIn;

    /** The --offset as given: negative when it counts back from the end (the operation resolves it). */
    long offset() {
        Long value = offset == null ? null : offset.getValue();
        return value == null ? 0 : value;
    }

    boolean hasLength() {
        return length != null && command.given(length);
    }

    Long lengthOrNull() {
        return length == null ? null : length.getValue();
    }
}
