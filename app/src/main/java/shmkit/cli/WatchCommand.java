package shmkit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Model.OptionSpec;
import shmkit.ShmException;
import shmkit.ops.Interrupts;
import shmkit.segment.Segment;
import shmkit.watch.LineFormat;
import shmkit.watch.LineFormats;
import shmkit.watch.LinePrinter;
import shmkit.watch.Pacer;
import shmkit.watch.WatchLoop;
import shmkit.watch.Watcher;

/** shm watch: a region's value, then each new value as another process writes it. */
final class WatchCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.range(this, "Bytes to watch (default: to the end of the segment).");
    private final OptionSpec text;
    private final OptionSpec hex;
    private final OptionSpec until;
    private final OptionSpec count;
    private final OptionSpec timeout;
    private final OptionSpec changesOnly;
    private final OptionSpec interval;
    private final OptionSpec lines;
    private final ValueOptions values;

    WatchCommand(Context context) {
        super(context, "watch", "Print a region's value, then each new value as soon as another process writes it.",
                "Into a pipe: one line per change, flushed at once, never an escape code. The line shows the bytes "
                        + "(text where they are text, \\0 and \\xNN where not), or --text, or --hex. A change is a "
                        + "change of that line: bytes it does not show (past the NUL of --text) print nothing.", "",
                "On a terminal, when no format is chosen: a full-screen hex view, changed bytes highlighted as they "
                        + "fade, with the count and rate of changes; arrows and PgUp/PgDn scroll, q quits. What is on "
                        + "screen is compared at every poll, even in a large range. --text, --hex, --as, --layout "
                        + "and --lines print lines there too.", "",
                "Any writer works, in any language, knowing nothing of shm: watch compares the range with what "
                        + "it held before. A poll runs every millisecond while nothing happens and more often just "
                        + "after a change: a change is printed within about a millisecond at the median, for a few "
                        + "percent of one core while idle (--interval trades one for the other).", "",
                "Large ranges: up to 64 KiB the whole range is compared at every poll. Beyond, the pages that "
                        + "changed lately and those on screen are compared at every poll, and the rest is scanned in "
                        + "the background with about 2%% of one core; a change in a quiet page shows within a pass, "
                        + "further changes there within a millisecond. Up to 16 MiB watch compares with a private "
                        + "copy of the range. Beyond 16 MiB it keeps a fingerprint of each 4 KiB page instead, and "
                        + "copies only of the pages compared at every poll, which include the first 32 KiB of the "
                        + "line: watching 1 GiB takes about 60 MiB of memory. Its scan reads the file (never mapping "
                        + "it) and takes 15-25 s a pass over 1 GiB, but every other step goes to the rest of a longer "
                        + "line: a change deep in a line of 4 MiB shows within a second. A line is always made from "
                        + "the bytes as they are now, so a change in a quiet page outside it prints nothing; on screen "
                        + "it counts as a change. What is on screen is always compared exactly; bytes that changed "
                        + "off screen show plain when scrolled to. --interval 0 scans without pause, with a whole core.", "",
                "A writer that zeroes the region and then writes is seen between the two steps now and then; "
                        + "watch prints that empty value too.", "",
                "Exit status: 0 after --until or --count, 1 (one line) when the segment shrinks, is removed or "
                        + "is replaced, 124 when --timeout runs out (silently, as timeout(1)), 130 on Ctrl-C.");
        exclusive(flagBuilder("The bytes up to the first NUL, as text (a newline in it shows as \\n).", "-t", "--text"),
                flagBuilder("Every byte as lower-case hex, no spaces (what 'write --hex' takes).", "-x", "--hex"));
        text = optionNamed("--text");
        hex = optionNamed("--hex");
        values = ValueOptions.forWatching(this);
        until = stringOption("VALUE", "Exit 0 as soon as the line watch prints equals VALUE exactly "
                + "(the first value counts too).", "--until");
        count = option(OptionSpec.builder("--count").paramLabel("N").type(Long.class)
                .description("Exit 0 after N changes, not counting the value printed first."));
        timeout = option(OptionSpec.builder("--timeout").paramLabel("DURATION").type(Duration.class)
                .converters(new DurationConverter())
                .description("Exit 124 (silently) when still watching after DURATION: 500ms, 10s, 2m; "
                        + "a bare number is seconds; 0 means no limit."));
        changesOnly = flag("Do not print the value the watch starts with.", "--changes-only");
        interval = option(OptionSpec.builder("--interval").paramLabel("DURATION").type(Duration.class)
                .converters(new DurationConverter())
                .description("Pause this long between polls instead of the adaptive default; 0 polls without "
                        + "pause (the lowest latency, a whole core)."));
        lines = flag("Print lines even when standard output is a terminal (no full-screen view).", "--lines");
        examples("shm watch demo --text",
                "shm watch demo --text | while read -r v; do echo \"now: $v\"; done",
                "shm watch demo --text --until done --timeout 30s && echo finished",
                "shm watch demo --offset 0x10 --length 8 --hex --count 3",
                "shm watch counter --as i64 --until 100",
                "shm watch foo --layout 'bar:i32 baz:i32'    # prints the fields that changed",
                "shm watch demo --length 4K    # on a terminal: full screen, q quits");
    }

    @Override
    protected int run() {
        Long changes = count.getValue();
        if (changes != null && changes < 1) {
            throw usageError("--count must be 1 or more, not " + changes);
        }
        Duration limit = timeout.getValue();
        Duration pause = interval.getValue();
        shmkit.value.Shape shape = null;
        if (values.given()) {
            if (isSet(text) || isSet(hex) || segment.hasLength()) {
                throw usageError("--as and --layout print values; they do not go with --text, --hex or --length (use --count)");
            }
            shape = values.shape();
        }
        LineFormat format = shape != null ? shmkit.watch.TypedFormats.of(shape, values.json()) : lineFormat();
        boolean chosenFormat = given(text) || given(hex) || shape != null;
        // In the shell, lines: the shell owns the terminal, and Ctrl-C brings its prompt back.
        // A chosen format (--text, --hex, --as, --layout) prints lines, as tail -f would, on a terminal too.
        boolean fullScreen = io.stdoutIsTerminal() && !isSet(lines) && !"dumb".equals(io.env("TERM")) && !context.inShell()
                && !chosenFormat;
        // The full screen needs lines only to show a chosen format or to test --until and --count.
        boolean needLines = !fullScreen || chosenFormat || given(until) || changes != null;
        try (Segment region = context.opener().open(segment.name())) {
            long offset = segment.offset();
            Long given = segment.lengthOrNull();
            long length = shape != null ? shape.byteSize() : given != null ? given : Math.max(0, region.size() - offset);
            region.checkRange(offset, length);
            if (needLines && shape == null && format != LineFormats.TEXT && length > LineFormats.LINE_LIMIT) {
                throw ShmException.usage("lines of " + length + " bytes are too long to print (at most "
                        + LineFormats.LINE_LIMIT + "); watch a part with --length, or use --text");
            }
            Pacer pacer = pause == null ? Pacer.adaptive() : Pacer.every(pause);
            double scanShare = pause != null && pause.isZero() ? 1 : Watcher.SCAN_SHARE;
            try (Watcher watcher = new Watcher(region, offset, length, scanShare)) {
                WatchLoop loop = new WatchLoop(watcher, pacer, limit == null || limit.isZero() ? null : limit);
                long stopAfter = changes == null ? 0 : changes;
                if (fullScreen) {
                    LinePrinter rules = needLines
                            ? new LinePrinter(format, line -> { }, until.getValue(), stopAfter, true) : null;
                    // Reached only on a terminal: jline's classes load here, never for a pipe.
                    Integer status = WatchScreen.show(io, loop, watcher, rules, region.name().arg(), offset, length,
                            chosenFormat);
                    if (status != null) {
                        return status;
                    }
                }
                return printLines(loop, new LinePrinter(format, this::println, until.getValue(), stopAfter,
                        isSet(changesOnly)));
            }
        }
    }

    /** One line, straight to stdout as UTF-8 bytes and flushed: the text writer's encoder is slow uncompiled. */
    private void println(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        OutputStream out = io.out();
        try {
            out.write(bytes);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw ShmException.failure("cannot write to standard output: " + e.getMessage(), e);
        }
    }

    /** The seam for value formats: the line each value becomes. */
    private LineFormat lineFormat() {
        if (isSet(text)) {
            return LineFormats.TEXT;
        }
        if (isSet(hex)) {
            return LineFormats.HEX;
        }
        return LineFormats.ESCAPED;
    }

    /**
     * Prints lines until the watch ends. A stop request (Ctrl-C, SIGTERM, or Ctrl-C in the shell,
     * which brings its prompt back) ends it with 128 + the signal, and no line follows the request.
     */
    private int printLines(WatchLoop loop, LinePrinter printer) {
        try (Interrupts.Registration stop = context.interrupts().during(signal -> {
            printer.close();
            loop.stop(128 + signal);
        })) {
            return loop.run(printer);
        }
    }
}
