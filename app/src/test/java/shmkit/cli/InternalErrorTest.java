package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.ops.Interrupts;
import shmkit.ops.Opener;
import shmkit.segment.Segment;
import shmkit.segment.SegmentName;
import shmkit.segment.WritableSegment;

/** A bug reached from any path is the one "internal error" line and exit 1: never silent, never a trace. */
class InternalErrorTest {
    @TempDir
    Path dir;

    /** An opener with a bug in it, quoting input that would drive a terminal. */
    private static final Opener BROKEN = new Opener() {
        @Override
        public Segment open(SegmentName name) {
            throw new IllegalStateException("boom \u001b[2J\nsecond line");
        }

        @Override
        public WritableSegment openWritable(SegmentName name) {
            return (WritableSegment) open(name);
        }
    };

    private record Run(int exit, String err) {}

    private Run run(boolean debug, java.util.function.ToIntFunction<Context> how) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = debug ? Map.of("SHM_DIR", dir.toString(), "SHM_DEBUG", "1") : Map.of("SHM_DIR", dir.toString());
        Io io = new Io(new ByteArrayInputStream(new byte[0]), out, err, env, false, false, false);
        int exit = how.applyAsInt(new Context(io, BROKEN, new Interrupts(), false, () -> null));
        io.flush();
        return new Run(exit, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void a_bug_reached_through_the_shared_factory_is_one_line_and_exit_1() {
        for (List<String> args : List.of(List.of("read", "x"), List.of("write", "x", "hi"), List.of("dump", "x"),
                List.of("add", "x", "--as", "i32", "1"))) {
            Run run = run(false, context -> Cli.commandLine(context).execute(args.toArray(String[]::new)));
            assertEquals(1, run.exit(), run.err());
            assertEquals(List.of("shm: internal error: java.lang.IllegalStateException: boom \\x1b[2J\\nsecond line"
                    + " (SHM_DEBUG=1 shows the trace)"), run.err().lines().toList(), args.toString());
        }
    }

    @Test
    void a_bug_reached_through_the_shell_runner_is_the_same_line() {
        Run run = run(false, context -> Cli.runner(context).run("read", "x"));
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("shm: internal error: java.lang.IllegalStateException"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void shm_debug_adds_the_trace_after_the_line() {
        Run run = run(true, context -> Cli.runner(context).run("read", "x"));
        assertEquals(1, run.exit());
        List<String> lines = run.err().lines().toList();
        assertEquals("shm: internal error: java.lang.IllegalStateException: boom \\x1b[2J\\nsecond line", lines.get(0));
        assertTrue(lines.stream().anyMatch(line -> line.contains("\tat shmkit.cli.InternalErrorTest")), run.err());
        assertFalse(run.err().contains("\u001b"), "the trace's own message is not printed raw either");
    }
}
