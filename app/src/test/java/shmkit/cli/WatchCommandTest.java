package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/** watch through the same Cli main uses; what needs a second process is in WatchIT. */
class WatchCommandTest {
    @TempDir
    Path dir;
    Shm shm;

    @BeforeEach
    void setUp() {
        shm = new Shm(dir);
        assertEquals(0, shm.run("create", "seg", "--size", "32").exit());
        assertEquals(0, shm.run("write", "seg", "--length", "32", "msg 1").exit());
    }

    private CommandRun run(int exit, String... args) {
        CommandRun run = shm.run(args);
        assertEquals(exit, run.exit(), run::toString);
        return run;
    }

    private void refused(int exit, String message, String... args) {
        CommandRun run = run(exit, args);
        assertEquals("", run.out());
        assertTrue(run.errLines().get(0).startsWith("shm: watch: ") && run.err().contains(message), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
    }

    @Test
    void until_a_value_the_region_already_shows_prints_it_and_exits_0() {
        assertEquals("msg 1\n", run(0, "watch", "seg", "--text", "--until", "msg 1").out());
    }

    @Test
    void a_timeout_ends_the_watch_silently_with_124() {
        CommandRun run = run(124, "watch", "seg", "--text", "--timeout", "50ms");
        assertEquals("msg 1\n", run.out());
        assertEquals("", run.err());
        assertEquals("", run(124, "watch", "seg", "--text", "--changes-only", "--timeout", "0.05").out());
    }

    @Test
    void without_a_format_every_byte_shows_escaped_and_hex_shows_digits() {
        assertEquals("ms\n", run(124, "watch", "seg", "--length", "2", "--timeout", "10ms").out());
        assertEquals("msg 1" + "\\0".repeat(27) + "\n", run(124, "watch", "seg", "--timeout", "10ms").out());
        assertEquals("6d736720\n", run(124, "watch", "seg", "--hex", "-l", "4", "--timeout", "10ms").out());
        assertEquals("31\n", run(124, "watch", "seg", "--hex", "-o", "4", "-l", "1", "--timeout", "10ms").out());
    }

    @Test
    void a_negative_offset_counts_back_from_the_end_as_in_dump_and_read() {
        assertEquals("00\n", run(124, "watch", "seg", "--hex", "--offset", "-1", "--timeout", "10ms").out());
        assertEquals("31\n", run(124, "watch", "seg", "--hex", "--offset", "-28", "-l", "1", "--timeout", "10ms").out());
        refused(2, "--offset -33 reaches 1 byte before the start of", "watch", "seg", "--offset", "-33");
    }

    @Test
    void bad_options_are_usage_errors_before_anything_is_watched() {
        refused(2, "--count must be 1 or more", "watch", "seg", "--count", "0");
        refused(2, "--text and --hex cannot be used together", "watch", "seg", "--text", "--hex");
        refused(2, "'5x' is not a duration", "watch", "seg", "--timeout", "5x");
        refused(2, "'-1s' is negative", "watch", "seg", "--interval", "-1s");
        refused(2, "nothing to watch", "watch", "seg", "--offset", "32");
        refused(2, "runs past the end", "watch", "seg", "--offset", "30", "--length", "3");
        refused(1, "no segment 'missing'", "watch", "missing");
    }

    @Test
    void timestamps_and_plots_refuse_what_they_cannot_do_as_usage_errors_with_a_try_line() {
        String[][] cases = {
                {"--plot draws numbers: give --as TYPE, or --layout SPEC and the field (--plot=FIELD)", "--plot"},
                {"--diff highlights bytes on the hex view; --plot draws a chart instead", "--as", "f64", "--plot", "--diff"},
                {"--plot 'x': the layout has no field 'x' (fields: a b)", "--layout", "a:i32 b:i32", "--plot=x"},
                {"--plot needs the FIELD to draw (--plot=FIELD); fields: a b", "--layout", "a:i32 b:i32", "--plot"},
                {"--timefmt 'abc' is not a time format: give iso (the default), epoch, elapsed, or a strftime pattern "
                        + "such as '%H:%M:%S.%f'", "--timefmt", "abc"},
                {"--timefmt '%' ends with a lone %; write %% for a percent sign", "--timefmt", "%"},
                {"--timefmt '%H\\x1b' has a control character; a timestamp stays on its line", "--timefmt", "%H\u001b"}};
        for (String[] c : cases) {
            String[] args = new String[c.length + 1];
            args[0] = "watch";
            args[1] = "seg";
            System.arraycopy(c, 1, args, 2, c.length - 1);
            CommandRun run = run(2, args);
            assertEquals("", run.out());
            assertEquals(java.util.List.of("shm: watch: " + c[0], "Try 'shm watch --help' for more information."),
                    run.errLines());
        }
    }

    @Test
    void lines_too_long_to_print_are_refused_but_text_of_a_large_range_is_fine() {
        run(0, "create", "big", "--size", "17M");
        refused(2, "too long to print", "watch", "big", "--hex");
        assertEquals("\n", run(124, "watch", "big", "--text", "--timeout", "20ms").out());
    }

    @Test
    void the_full_screen_puts_32_16_8_or_4_bytes_in_a_row_by_the_width() {
        assertEquals(32, WatchScreen.bytesPerRow(150, 8));
        assertEquals(16, WatchScreen.bytesPerRow(100, 8));
        assertEquals(16, WatchScreen.bytesPerRow(76, 8), "8 + 2 + 48 + 1 + 1 + 16 columns");
        assertEquals(8, WatchScreen.bytesPerRow(75, 8));
        assertEquals(4, WatchScreen.bytesPerRow(20, 8));
        assertEquals(8, WatchScreen.bytesPerRow(80, 16), "long addresses leave less room");
    }
}
