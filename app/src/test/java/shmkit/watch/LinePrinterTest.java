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
}
