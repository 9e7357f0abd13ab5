package shmkit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import picocli.CommandLine.Model.OptionSpec;
import shmkit.ShmException;
import shmkit.ops.Interrupts;
import shmkit.value.Shape;
import shmkit.watch.LineFormat;
import shmkit.watch.LineFormats;
import shmkit.watch.LinePrinter;
import shmkit.watch.Pacer;
import shmkit.watch.Plotted;
import shmkit.watch.Target;
import shmkit.watch.TimeFormat;
import shmkit.watch.TypedFormats;
import shmkit.watch.WatchLoop;
import shmkit.watch.Watcher;

/** shm watch: a region's value, then each new value as another process writes it. */
final class WatchCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.rangeFromEnd(this, "Bytes to watch (default: to the end of the segment).", null);
    private final OptionSpec text;
    private final OptionSpec hex;
    private final OptionSpec until;
    private final OptionSpec count;
    private final OptionSpec timeout;
    private final OptionSpec changesOnly;
    private final OptionSpec interval;
    private final OptionSpec lines;
    private final OptionSpec timestamps;
    private final OptionSpec timefmt;
    private final OptionSpec events;
    private final OptionSpec waitFor;
    private final OptionSpec follow;
    private final OptionSpec diff;
    private final OptionSpec plot;
    private final ValueOptions values;

    WatchCommand(Context context) {
        super(context, "watch", "Print a region's value, then each new value as soon as another process writes it.",
                "Into a pipe: one line per change, flushed at once, never an escape code. The line shows the bytes "
                        + "(text where they are text, \\0 and \\xNN where not), or --text, or --hex. A change is a "
                        + "change of that line: bytes it does not show (past the NUL of --text) print nothing.", "",
                "On a terminal, when no line option is given (--lines, --text, --hex, --json, --timestamps, and "
                        + "--as or --layout without --plot): a full-screen hex view, changed bytes highlighted as they "
                        + "fade (--diff: until the next key), with the count and rate of changes; arrows and PgUp/PgDn "
                        + "scroll, q quits. With --plot, a chart of the value over time instead. What is on screen is "
                        + "compared at every poll, even in a large range.", "",
                "Any writer works, in any language, knowing nothing of shm: watch compares the range with what "
                        + "it held before. A poll runs every millisecond while nothing happens and more often just "
                        + "after a change: a change is printed within about a millisecond at the median, for a few "
                        + "percent of one core while idle (--interval trades one for the other).", "",
                "What becomes of the segment is looked at ten times a second. With --events (and with --wait or "
                        + "--follow) it prints a line for each event, which starts with # (a value line that would start "
                        + "with # shows it as \\x23): '# created 4096', '# grew 4096 -> 8192', '# shrank 8192 -> 4096', "
                        + "'# replaced 4096 -> 1024', '# removed'; in --json, {\"event\":\"grew\",\"name\":...,\"from\":4096,"
                        + "\"to\":8192}. A segment that grows is watched on (the range stays what it was). Without "
                        + "--follow, one that is removed, replaced or shrinks below the size it had when watched ends "
                        + "the watch after its event (exit 1, one line on stderr); with --follow, like tail -F, the watch "
                        + "goes on with whatever the name holds (its range made again: 'to the end' reaches the new "
                        + "end), or waits until the name holds the range again, and prints the new value when it differs.", "",
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
                "Exit status: 0 after --until or --count (or q), 1 (one line) when the segment shrinks, is removed or "
                        + "is replaced (without --follow), 124 when --timeout runs out (silently, as timeout(1); "
                        + "--wait included), 130 on Ctrl-C.");
        exclusive(flagBuilder("The bytes up to the first NUL, as text (a newline in it shows as \\n).", "-t", "--text"),
                flagBuilder("Every byte as lower-case hex, no spaces (what 'write --hex' takes).", "-x", "--hex"));
        text = optionNamed("--text");
        hex = optionNamed("--hex");
        values = ValueOptions.forWatching(this);
        until = stringOption("VALUE", "Exit 0 as soon as the value equals VALUE exactly, as the line shows it "
                + "without --json or a timestamp (the first value counts too).", "--until");
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
        timestamps = flag("Start each line with the time the change was seen (as --timefmt); in --json, a \"time\" "
                + "member.", "--timestamps");
        timefmt = stringOption("FORMAT", "The timestamps' format (implies --timestamps): " + TimeFormat.NAMES
                + " as inotifywait's --timefmt and date(1) take, plus %f for microseconds and %N/%3N/%6N "
                + "(nanoseconds, milli, micro). iso: 2025-06-01T14:03:07.123456+02:00; epoch: seconds since 1970 "
                + "with microseconds (a number in JSON); elapsed: seconds since the watch started. The zone is TZ's.",
                "--timefmt");
        events = flag("Print what becomes of the segment as lines that start with # (created, grew, shrank, "
                + "replaced, removed), or JSON objects with --json.", "--events");
        waitFor = flag("When NAME does not exist yet (or is too small for the range), wait for it instead of "
                + "failing: '# created SIZE', then its value. Implies --events.", "--wait");
        follow = flag("Go on watching after the segment is replaced, removed or resized, as tail -F: whatever "
                + "the name holds next, its range made again. Implies --events.", "--follow");
        diff = flag("On the full-screen view: keep changed bytes highlighted until the next key, instead of "
                + "fading (procps watch -d); the header counts them. Lines have no highlights.", "--diff");
        plot = option(OptionSpec.builder("--plot").paramLabel("FIELD").arity("0..1").type(String.class)
                .fallbackValue("").description("Draw the value over time on the terminal, with its last, lowest and "
                        + "highest value (+/- zoom the time); needs --as, or --layout and the FIELD to draw (--plot=temp, "
                        + "--plot='temps[2]'; a layout with one number needs none). In a pipe, or with --lines: that "
                        + "number alone, one a line, as ttyplot reads."));
        examples("shm watch demo --text",
                "shm watch demo --text | while read -r v; do echo \"now: $v\"; done",
                "shm watch demo --text --until done --timeout 30s && echo finished",
                "shm watch demo --offset 0x10 --length 8 --hex --count 3",
                "shm watch counter --as i64 --until 100",
                "shm watch foo --layout 'bar:i32 baz:i32'    # prints the fields that changed",
                "shm watch demo --text --timestamps --timefmt '%T.%f'",
                "shm watch demo --wait --follow --json --timestamps    # JSON lines, events too",
                "shm watch loop --as f64 --plot    # on a terminal: a chart; in a pipe: numbers",
                "shm watch demo --length 4K --diff    # on a terminal: full screen, q quits");
    }

    @Override
    protected int run() {
        Long changes = count.getValue();
        if (changes != null && changes < 1) {
            throw usageError("--count must be 1 or more, not " + changes);
        }
        Duration limit = timeout.getValue();
        Duration pause = interval.getValue();
        Shape shape = null;
        if (values.given()) {
            if (isSet(text) || isSet(hex) || segment.hasLength()) {
                throw usageError("--as and --layout print values; they do not go with --text, --hex or --length (use --count)");
            }
            shape = values.shape();
        }
        Plotted plotted = plotted(shape);
        TimeFormat time = given(timestamps) || given(timefmt) ? timeFormat() : null;
        boolean json = values.json();
        LineFormat format = plotted != null ? plotted.line(false) : shape != null ? TypedFormats.of(shape, false) : lineFormat();
        LineFormat jsonFormat = !json ? null : plotted != null ? plotted.line(true)
                : shape != null ? TypedFormats.of(shape, true) : LineFormats.json(format);
        boolean chosenFormat = given(text) || given(hex) || shape != null && plotted == null || json || time != null;
        // In the shell, lines: the shell owns the terminal, and Ctrl-C brings its prompt back.
        // A chosen format prints lines, as tail -f would, on a terminal too.
        boolean fullScreen = io.stdoutIsTerminal() && !isSet(lines) && !"dumb".equals(io.env("TERM")) && !context.inShell()
                && !chosenFormat;
        // The full screen needs lines only to show a chosen format or to test --until and --count.
        boolean needLines = !fullScreen || chosenFormat || given(until) || changes != null;
        long lineLimit = needLines && shape == null && format != LineFormats.TEXT ? LineFormats.LINE_LIMIT : Long.MAX_VALUE;
        double scanShare = pause != null && pause.isZero() ? 1 : Watcher.SCAN_SHARE;
        Target target = new Target(segment.name(), context.opener()::open, segment.offset(),
                shape != null ? Long.valueOf(shape.byteSize()) : segment.lengthOrNull(), lineLimit, scanShare);
        long stopAfter = changes == null ? 0 : changes;
        try (WatchLoop loop = new WatchLoop(target, pause == null ? Pacer.adaptive() : Pacer.every(pause),
                limit == null || limit.isZero() ? null : limit, isSet(waitFor), isSet(follow))) {
            loop.open();
            if (fullScreen) {
                LinePrinter rules = needLines ? new LinePrinter(format, line -> { }, until.getValue(), stopAfter, true) : null;
                // Reached only on a terminal: jline's classes load here, never for a pipe.
                Integer status = WatchScreen.show(io, loop, rules, target.name(), chosenFormat, isSet(diff), plotted);
                if (status != null) {
                    return status;
                }
            }
            boolean printEvents = isSet(events) || isSet(waitFor) || isSet(follow);
            return printLines(loop, new LinePrinter(format, new LinePrinter.Style(jsonFormat, time, printEvents),
                    this::println, until.getValue(), stopAfter, isSet(changesOnly)));
        }
    }

    /** What --plot draws, checked against --as/--layout and --diff; null without --plot. */
    private Plotted plotted(Shape shape) {
        if (!given(plot)) {
            return null;
        }
        if (shape == null) {
            throw usageError("--plot draws numbers: give --as TYPE, or --layout SPEC and the field (--plot=FIELD)");
        }
        if (isSet(diff)) {
            throw usageError("--diff highlights bytes on the hex view; --plot draws a chart instead");
        }
        String field = plot.getValue();
        return Plotted.of(shape, field == null || field.isEmpty() ? null : field);
    }

    private TimeFormat timeFormat() {
        String spec = timefmt.getValue();
        return TimeFormat.parse(spec == null ? TimeFormat.DEFAULT : spec, this::zone);
    }

    /** The zone of local times: TZ's (as the C library reads it, a leading ':' allowed), else the system's. */
    private ZoneId zone() {
        String tz = io.env("TZ");
        if (tz != null && !tz.isBlank()) {
            try {
                return ZoneId.of(tz.startsWith(":") ? tz.substring(1) : tz);
            } catch (DateTimeException e) {
                // a POSIX rule such as CET-1CEST,M3.5.0: Java cannot read it; the JVM's own reading of TZ decides
            }
        }
        return ZoneId.systemDefault();
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
