package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;
import shmkit.testing.Spawned;

/**
 * watch's lifecycle as real processes see it: --wait for a name another process creates later,
 * --follow across a remove and a re-create, events in line and JSON output (JSON read back by
 * Python's json module), --timestamps as GNU date writes the same format, --plot in a pipe.
 */
class WatchEventsIT {
    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Shm shm() {
        return new Shm(dir);
    }

    private void ok(String... args) {
        CommandRun run = shm().process(args);
        assertEquals(0, run.exit(), run::toString);
    }

    /** Runs a Python program (argv[1] is the segments' folder), which must succeed. */
    private void python(String script, String... args) {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script, dir.toString()));
        command.addAll(List.of(args));
        CommandRun run = shm().exec(command, null);
        assertEquals(0, run.exit(), run::toString);
    }

    /** Puts a new file of these bytes in place of NAME in one rename, as a writer that replaces a file does. */
    private void replace(String name, String text, int size) {
        python("""
                import os, sys
                path = os.path.join(sys.argv[1], sys.argv[2])
                with open(path + '.new', 'wb') as f:
                    f.write(sys.argv[3].encode().ljust(int(sys.argv[4]), b'\\0'))
                os.rename(path + '.new', path)
                """, name, text, Integer.toString(size));
    }

    @Test
    void wait_prints_the_creation_of_a_name_that_did_not_exist_then_its_value_and_change() throws IOException {
        try (Spawned watch = Spawned.shm(dir, "watch", "later", "--wait", "--text", "--count", "1", "--timeout", "60s")) {
            // It prints nothing while it waits: its thread dump says when it is waiting.
            watch.awaitFrame("shmkit.watch.WatchLoop.run", LONG);
            assertFalse(Files.exists(dir.resolve("later")));
            ok("create", "later", "--size", "64");
            assertEquals("# created 64", watch.nextLine(LONG));
            assertEquals("", watch.nextLine(LONG), "then its value: zeros are empty text");
            ok("write", "later", "hello");
            CommandRun run = watch.await(LONG);
            assertEquals(0, run.exit(), run::toString);
            assertEquals(List.of("# created 64", "", "hello"), run.out().lines().toList(), run::toString);
            assertEquals("", run.err());
        }
    }

    @Test
    void wait_for_a_name_that_never_comes_times_out_with_124_and_prints_nothing() {
        CommandRun run = shm().process("watch", "never", "--wait", "--text", "--timeout", "500ms");
        assertEquals(124, run.exit(), run::toString);
        assertEquals("", run.out());
        assertEquals("", run.err());
    }

    @Test
    void follow_goes_on_across_a_remove_and_a_re_create() throws IOException {
        ok("create", "seg", "--size", "64");
        try (Spawned watch = Spawned.shm(dir, "watch", "seg", "--follow", "--text", "--until", "done", "--timeout", "60s")) {
            assertEquals("", watch.nextLine(LONG));
            ok("write", "seg", "hello");
            assertEquals("hello", watch.nextLine(LONG));
            // rm warns that the watch still maps it, and removes it
            assertEquals(0, shm().process("rm", "seg").exit());
            assertEquals("# removed", watch.nextLine(LONG));
            ok("create", "seg", "--size", "32");
            assertEquals("# created 32", watch.nextLine(LONG));
            assertEquals("", watch.nextLine(LONG), "the new segment's value differs from the last one seen");
            ok("write", "seg", "done");
            CommandRun run = watch.await(LONG);
            assertEquals(0, run.exit(), run::toString);
            assertEquals(List.of("", "hello", "# removed", "# created 32", "", "done"), run.out().lines().toList());
            assertEquals("", run.err());
        }
    }

    @Test
    void follow_reports_a_replacement_and_resizes_and_watches_what_the_name_holds_next() throws IOException {
        ok("create", "seg", "--size", "64");
        try (Spawned watch = Spawned.shm(dir, "watch", "seg", "--follow", "--text", "--until", "done", "--timeout", "60s")) {
            assertEquals("", watch.nextLine(LONG));
            replace("seg", "impostor", 16);
            assertEquals("# replaced 64 -> 16", watch.nextLine(LONG));
            assertEquals("impostor", watch.nextLine(LONG));
            ok("resize", "seg", "--size", "4K");
            assertEquals("# grew 16 -> 4096", watch.nextLine(LONG));
            // the watch maps the part cut off: resize refuses a shrink without --force
            ok("resize", "seg", "--size", "8", "--force");
            assertEquals("# shrank 4096 -> 8", watch.nextLine(LONG));
            ok("write", "seg", "--length", "8", "done");
            CommandRun run = watch.await(LONG);
            assertEquals(0, run.exit(), run::toString);
            // The last write may be seen half done (nothing orders the two sides): "donestor" is
            // "done" over the first bytes of "impostor". Such a line is left out; any other stays.
            List<String> torn = java.util.stream.IntStream.rangeClosed(1, 4)
                    .mapToObj(k -> "done".substring(0, k) + "impostor".substring(k)).toList();
            List<String> lines = new java.util.ArrayList<>(run.out().lines().toList());
            for (int i = lines.size() - 2; i >= 5; i--) {
                if (torn.contains(lines.get(i))) {
                    lines.remove(i);
                }
            }
            assertEquals(List.of("", "# replaced 64 -> 16", "impostor", "# grew 16 -> 4096", "# shrank 4096 -> 8", "done"),
                    lines, "the text stays 'impostor' through the resizes: no value line");
            assertEquals("", run.err());
        }
    }

    @Test
    void events_are_lines_and_a_replacement_ends_the_watch_after_its_event() throws IOException {
        ok("create", "seg", "--size", "1K");
        try (Spawned watch = Spawned.shm(dir, "watch", "seg", "--events", "--text", "--timeout", "60s")) {
            assertEquals("", watch.nextLine(LONG));
            ok("resize", "seg", "--size", "4K");
            assertEquals("# grew 1024 -> 4096", watch.nextLine(LONG), "a segment that grows is watched on");
            ok("write", "seg", "#1");
            assertEquals("\\x231", watch.nextLine(LONG), "a value line never starts with #");
            replace("seg", "impostor", 16);
            CommandRun run = watch.await(LONG);
            assertEquals(1, run.exit(), run::toString);
            assertEquals(List.of("", "# grew 1024 -> 4096", "\\x231", "# replaced 4096 -> 16"), run.out().lines().toList());
            assertEquals(List.of("shm: watch: 'seg' was replaced by another file while in use; stopped"), run.errLines());
        }
    }

    @Test
    void events_show_a_removal_and_then_the_watch_ends_with_1() throws IOException {
        anEventEndsTheWatch(() -> assertEquals(0, shm().process("rm", "seg").exit()),
                "# removed", "shm: watch: 'seg' was removed while in use; stopped");
    }

    @Test
    void events_show_a_shrink_past_the_range_and_then_the_watch_ends_with_1() throws IOException {
        anEventEndsTheWatch(() -> ok("resize", "seg", "--size", "512", "--force"),
                "# shrank 1024 -> 512", "shm: watch: 'seg' shrank from 1024 to 512 bytes while in use; stopped");
    }

    /**
     * A watch with --events of a new 1 KiB segment, {@code change} made once its first (empty) line
     * is out: it ends with 1, its output the empty line and {@code event}, its error one line.
     */
    private void anEventEndsTheWatch(Runnable change, String event, String error) throws IOException {
        ok("create", "seg", "--size", "1K");
        try (Spawned watch = Spawned.shm(dir, "watch", "seg", "--events", "--text", "--timeout", "60s")) {
            assertEquals("", watch.nextLine(LONG));
            change.run();
            CommandRun run = watch.await(LONG);
            assertEquals(1, run.exit(), run::toString);
            assertEquals(List.of("", event), run.out().lines().toList());
            assertEquals(List.of(error), run.errLines());
        }
    }

    /** Reads JSON lines with Python's json module (NaN and Infinity refused) and prints each with sorted keys. */
    private static final String READ_JSON = """
            import json, sys
            def refuse(name):
                raise ValueError('not JSON: ' + name)
            start, end = float(sys.argv[1]), float(sys.argv[2])
            times = []
            for line in sys.stdin:
                o = json.loads(line, parse_constant=refuse)
                t = o.pop('time')
                assert type(t) is float, repr(t)
                times.append(t)
                print(json.dumps(o, sort_keys=True))
            assert times == sorted(times), times
            assert start <= times[0] and times[-1] <= end, (start, times, end)
            print('times: %d in order, within the run' % len(times))
            """;

    @Test
    void json_lines_with_events_and_epoch_times_are_what_pythons_json_module_reads() throws IOException {
        ok("create", "seg", "--size", "1K");
        double start = System.currentTimeMillis() / 1000.0 - 1;
        CommandRun run;
        try (Spawned watch = Spawned.shm(dir, "watch", "seg", "--length", "16", "--text", "--json", "--follow",
                "--timestamps", "--timefmt", "epoch", "--until", "done", "--timeout", "60s")) {
            watch.nextLine(LONG);
            // a quote, a backslash, a newline, é, ESC, and a byte that is not UTF-8
            ok("write", "seg", "--hex", "22 5c 0a c3 a9 1b ff 41");
            watch.nextLine(LONG);
            ok("resize", "seg", "--size", "4K");
            watch.nextLine(LONG);
            ok("resize", "seg", "--size", "512", "--force");
            watch.nextLine(LONG);
            assertEquals(0, shm().process("rm", "seg").exit());
            watch.nextLine(LONG);
            ok("create", "seg", "--size", "16");
            watch.nextLine(LONG);
            watch.nextLine(LONG);
            ok("write", "seg", "done");
            run = watch.await(LONG);
        }
        assertEquals(0, run.exit(), run::toString);
        assertEquals("", run.err());
        double end = System.currentTimeMillis() / 1000.0 + 1;
        CommandRun read = Shm.exec(List.of("python3", "-c", READ_JSON, Double.toString(start), Double.toString(end)),
                run.outBytes(), Map.of());
        assertEquals(0, read.exit(), () -> read + "\non\n" + run.out());
        assertEquals(List.of(
                "{\"value\": \"\"}",
                "{\"value\": \"\\\"\\\\\\n\\u00e9\\u001b\\ufffdA\"}",
                "{\"event\": \"grew\", \"from\": 1024, \"name\": \"seg\", \"to\": 4096}",
                "{\"event\": \"shrank\", \"from\": 4096, \"name\": \"seg\", \"to\": 512}",
                "{\"event\": \"removed\", \"from\": 512, \"name\": \"seg\", \"to\": null}",
                "{\"event\": \"created\", \"from\": null, \"name\": \"seg\", \"to\": 16}",
                "{\"value\": \"\"}",
                "{\"value\": \"done\"}",
                "times: 8 in order, within the run"), read.out().lines().toList(), run::toString);
    }

    @Test
    void json_of_bytes_is_one_string_a_line_that_python_reads_back_to_the_same_text() throws IOException {
        ok("create", "seg", "--size", "8");
        CommandRun run;
        try (Spawned watch = Spawned.shm(dir, "watch", "seg", "--json", "--count", "1", "--timeout", "60s")) {
            watch.nextLine(LONG);
            ok("write", "seg", "--hex", "22 5c 0a 1b ff 41");
            run = watch.await(LONG);
        }
        assertEquals(0, run.exit(), run::toString);
        CommandRun read = Shm.exec(List.of("python3", "-c", """
                import json, sys
                for line in sys.stdin:
                    print(json.loads(line))
                """), run.outBytes(), Map.of());
        assertEquals(0, read.exit(), read::toString);
        // the escaped line, as --json's value: what shm prints without --json
        assertEquals(List.of("\\0\\0\\0\\0\\0\\0\\0\\0", "\"\\\\n\\x1b\\xffA\\0\\0"), read.out().lines().toList(), run::toString);
    }

    /** The stamps of a run's lines, each followed by a space and the value given for its line. */
    private static List<String> stamps(CommandRun run, String... values) {
        List<String> lines = run.out().lines().toList();
        assertEquals(values.length, lines.size(), run::toString);
        List<String> stamps = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            String suffix = " " + values[i];
            assertTrue(lines.get(i).endsWith(suffix), run::toString);
            stamps.add(lines.get(i).substring(0, lines.get(i).length() - suffix.length()));
        }
        return stamps;
    }

    private static String date(String zone, String instant, String format) {
        CommandRun run = Shm.exec(List.of("date", "-d", "@" + instant, "+" + format), null, Map.of("TZ", zone));
        assertEquals(0, run.exit(), run::toString);
        return run.out().strip();
    }

    @Test
    void timestamps_in_a_timefmt_are_what_gnu_date_prints_for_the_same_instant_and_format() throws IOException {
        ok("create", "seg", "--size", "16");
        String zone = "America/St_Johns"; // -03:30 or -02:30: a zone of half hours, and summer time
        String format = "%Y-%m-%d %H:%M:%S %:z %z %Z %a %A %b %B %e %j %I%p %u %V %G %s.%N";
        CommandRun run;
        try (Spawned watch = Spawned.start(List.of(Shm.launcher().toString(), "watch", "seg", "--text", "--timefmt", format,
                "--count", "1", "--timeout", "60s"), Map.of("SHM_DIR", dir.toString(), "TZ", zone))) {
            watch.nextLine(LONG);
            ok("write", "seg", "value");
            run = watch.await(LONG);
        }
        assertEquals(0, run.exit(), run::toString);
        for (String stamp : stamps(run, "", "value")) {
            String instant = stamp.substring(stamp.lastIndexOf(' ') + 1);
            assertTrue(instant.matches("\\d{10}\\.\\d{9}"), stamp);
            assertEquals(date(zone, instant, format), stamp, "shm and date(1) for the instant " + instant);
        }
    }

    @Test
    void the_default_timestamp_is_iso_8601_with_microseconds_as_date_writes_it() throws IOException {
        ok("create", "seg", "--size", "16");
        String zone = "Asia/Kolkata";
        CommandRun run;
        try (Spawned watch = Spawned.start(List.of(Shm.launcher().toString(), "watch", "seg", "--text", "--timestamps",
                "--count", "1", "--timeout", "60s"), Map.of("SHM_DIR", dir.toString(), "TZ", zone))) {
            watch.nextLine(LONG);
            ok("write", "seg", "value");
            run = watch.await(LONG);
        }
        assertEquals(0, run.exit(), run::toString);
        for (String stamp : stamps(run, "", "value")) {
            OffsetDateTime time = OffsetDateTime.parse(stamp);
            String instant = time.toEpochSecond() + "." + String.format("%09d", time.getNano());
            assertEquals(date(zone, instant, "%Y-%m-%dT%H:%M:%S.%6N%:z"), stamp);
            assertTrue(stamp.endsWith("+05:30"), stamp);
        }
    }

    @Test
    void plot_in_a_pipe_prints_the_number_alone_one_a_line_as_ttyplot_reads() throws IOException {
        ok("create", "f", "--size", "8");
        ok("write", "f", "--as", "f64", "1.5");
        try (Spawned watch = Spawned.shm(dir, "watch", "f", "--as", "f64", "--plot", "--count", "2", "--timeout", "60s")) {
            assertEquals("1.5", watch.nextLine(LONG));
            ok("write", "f", "--as", "f64", "2.25");
            assertEquals("2.25", watch.nextLine(LONG));
            ok("write", "f", "--as", "f64", "--", "-3e-7");
            CommandRun run = watch.await(LONG);
            assertEquals(0, run.exit(), run::toString);
            assertEquals("1.5\n2.25\n-3.0e-7\n", new String(run.outBytes(), StandardCharsets.UTF_8));
            assertEquals("", run.err());
        }
    }

    @Test
    void plot_of_a_layout_field_in_a_pipe_prints_that_field_only() throws IOException {
        ok("create", "s", "--size", "16");
        try (Spawned watch = Spawned.shm(dir, "watch", "s", "--layout", "n:u32 temp:f64", "--plot=temp", "--count", "1",
                "--timeout", "60s")) {
            assertEquals("0.0", watch.nextLine(LONG));
            ok("write", "s", "--layout", "n:u32 temp:f64", "n=7");
            ok("write", "s", "--layout", "n:u32 temp:f64", "temp=20.5");
            CommandRun run = watch.await(LONG);
            assertEquals(0, run.exit(), run::toString);
            assertEquals(List.of("0.0", "20.5"), run.out().lines().toList(), "a change of n draws nothing");
            assertEquals("", run.err());
        }
    }
}
