package shmkit.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import shmkit.ShmException;

class LinePrinterTest {
    private final List<String> printed = new ArrayList<>();

    private static byte[] raw(String text) {
        byte[] raw = new byte[16];
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, raw, 0, utf8.length);
        return raw;
    }

    private static WatchedBytes value(String text) {
        return WatchedBytes.of(raw(text));
    }

    @Test
    void prints_the_first_value_then_each_new_line_once() {
        LinePrinter printer = new LinePrinter(LineFormats.TEXT, printed::add, null, 0, false);
        assertEquals(WatchLoop.CONTINUE, printer.started(value("msg 1")));
        assertEquals(WatchLoop.CONTINUE, printer.changed(value("msg 2")));
        byte[] tailChanged = raw("msg 2");
        tailChanged[10] = 'x';
        assertEquals(WatchLoop.CONTINUE, printer.changed(WatchedBytes.of(tailChanged)));
        assertEquals(List.of("msg 1", "msg 2"), printed, "bytes past the NUL are not part of the text");
    }

    @Test
    void until_ends_the_watch_on_the_line_that_matches_even_the_first() {
        LinePrinter printer = new LinePrinter(LineFormats.TEXT, printed::add, "msg 2", 0, false);
        assertEquals(WatchLoop.CONTINUE, printer.started(value("msg 1")));
        assertEquals(ShmException.OK, printer.changed(value("msg 2")));
        LinePrinter already = new LinePrinter(LineFormats.TEXT, printed::add, "msg 2", 0, true);
        assertEquals(ShmException.OK, already.started(value("msg 2")));
        assertEquals(List.of("msg 1", "msg 2"), printed, "--changes-only printed nothing for the first value");
    }

    @Test
    void count_ends_after_that_many_changes_not_counting_the_first_value() {
        LinePrinter printer = new LinePrinter(LineFormats.TEXT, printed::add, null, 2, true);
        assertEquals(WatchLoop.CONTINUE, printer.started(value("a")));
        assertEquals(WatchLoop.CONTINUE, printer.changed(value("b")));
        assertEquals(ShmException.OK, printer.changed(value("c")));
        assertEquals(List.of("b", "c"), printed);
    }

    @Test
    void once_closed_it_prints_nothing() {
        LinePrinter printer = new LinePrinter(LineFormats.TEXT, printed::add, null, 0, false);
        printer.started(value("a"));
        printer.close();
        printer.changed(value("b"));
        assertEquals(List.of("a"), printed);
    }

    // ---- timestamps, events and JSON -----------------------------------------------------------

    /** 2025-06-01T12:00:00.000250Z, then 1.5 s later at each reading. */
    private static LinePrinter.Style style(LineFormat json, String timefmt, boolean events) {
        long[] wall = {1_748_779_200_000_250_000L};
        long[] clock = {0};
        java.time.InstantSource wallClock = () -> {
            long now = wall[0];
            wall[0] += 1_500_000_000L;
            return java.time.Instant.ofEpochSecond(0, now);
        };
        return new LinePrinter.Style(json, timefmt == null ? null : TimeFormat.parse(timefmt, () -> java.time.ZoneOffset.UTC),
                events, wallClock, () -> {
            long now = clock[0];
            clock[0] += 1_500_000_000L;
            return now;
        });
    }

    private static final WatchEvent GREW = new WatchEvent(WatchEvent.Kind.GREW, "seg", 16, 32);

    @Test
    void a_timestamp_comes_first_on_every_line_events_included() {
        LinePrinter printer = new LinePrinter(LineFormats.TEXT, style(null, "%T.%f", true), printed::add, null, 0, false);
        printer.started(value("msg 1"));
        printer.event(GREW);
        printer.changed(value("msg 2"));
        assertEquals(List.of("12:00:00.000250 msg 1", "12:00:01.500250 # grew 16 -> 32", "12:00:03.000250 msg 2"), printed);
    }

    @Test
    void with_events_a_value_that_starts_with_a_hash_cannot_pass_for_one() {
        LinePrinter printer = new LinePrinter(LineFormats.TEXT, style(null, null, true), printed::add, "# grew", 0, false);
        assertEquals(ShmException.OK, printer.started(value("# grew")), "--until compares the value, not the line");
        printer.event(GREW);
        assertEquals(List.of("\\x23 grew", "# grew 16 -> 32"), printed);
        LinePrinter plain = new LinePrinter(LineFormats.TEXT, style(null, null, false), printed::add, null, 0, false);
        plain.started(value("# as is"));
        assertEquals("# as is", printed.get(2), "without events nothing is escaped");
    }

    @Test
    void json_alone_is_the_value_and_with_a_time_or_events_an_object_a_line() {
        LinePrinter bare = new LinePrinter(LineFormats.TEXT, style(LineFormats.json(LineFormats.TEXT), null, false),
                printed::add, "a\\nb", 0, false);
        assertEquals(ShmException.OK, bare.started(value("a\nb")), "--until compares the line, not the JSON");
        bare.event(GREW);
        LinePrinter objects = new LinePrinter(LineFormats.HEX, style(LineFormats.json(LineFormats.HEX), "epoch", true),
                printed::add, null, 0, false);
        objects.started(WatchedBytes.of(new byte[] {1, (byte) 0xff}));
        objects.event(new WatchEvent(WatchEvent.Kind.REMOVED, "se\"g", 2, -1));
        LinePrinter elapsed = new LinePrinter(LineFormats.TEXT, style(LineFormats.json(LineFormats.TEXT), "elapsed", false),
                printed::add, null, 0, true);
        elapsed.started(value("x"));
        elapsed.changed(value("y"));
        LinePrinter iso = new LinePrinter(LineFormats.TEXT, style(LineFormats.json(LineFormats.TEXT), "iso", false),
                printed::add, null, 0, false);
        iso.started(value("z"));
        assertEquals(List.of("\"a\\nb\"",
                "{\"time\":1748779200.000250,\"value\":\"01ff\"}",
                "{\"time\":1748779201.500250,\"event\":\"removed\",\"name\":\"se\\\"g\",\"from\":2,\"to\":null}",
                "{\"time\":3.000000,\"value\":\"y\"}",
                "{\"time\":\"2025-06-01T12:00:00.000250+00:00\",\"value\":\"z\"}"), printed,
                "events print only when asked for; --changes-only skipped the first value");
    }

    @Test
    void json_text_is_the_text_itself_and_other_bytes_are_what_the_line_shows() {
        byte[] raw = raw("é\tz");
        assertEquals("\"é\\tz\"", LineFormats.json(LineFormats.TEXT).format(WatchedBytes.of(raw)));
        raw[0] = (byte) 0xff;
        assertEquals("\"\ufffd\ufffd\\tz\"", LineFormats.json(LineFormats.TEXT).format(WatchedBytes.of(raw)),
                "a byte that is not UTF-8 is U+FFFD, as layouts' char fields");
        assertEquals("\"\\\\xff\\\\xa9\\\\tz" + "\\\\0".repeat(12) + "\"",
                LineFormats.json(LineFormats.ESCAPED).format(WatchedBytes.of(raw)));
    }
}
