package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;
import shmkit.testing.Spawned;

/**
 * shm watch as a real process against writers that know nothing of shm (Python's mmap), and its
 * full-screen view in a real terminal (tmux).
 */
class WatchIT {
    private static final Duration LONG = Duration.ofSeconds(30);

    /** The classic writer: zero the region, then write "msg N", every 100 ms. */
    private static final String ZERO_THEN_WRITE = """
            import mmap, sys, time
            with open(sys.argv[1], 'r+b') as f:
                m = mmap.mmap(f.fileno(), 0)
                for n in range(1, int(sys.argv[2]) + 1):
                    m[:] = bytes(len(m))
                    text = b'msg %d' % n
                    m[:len(text)] = text
                    time.sleep(0.1)
                m.close()
            """;

    @TempDir
    Path dir;
    Shm shm;
    Path seg;

    @BeforeEach
    void setUp() {
        shm = new Shm(dir);
        seg = dir.resolve("seg");
        assertEquals(0, shm.run("create", "seg", "--size", "1024").exit());
    }

    private CommandRun python(String script, String... args) {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(args));
        CommandRun run = shm.exec(command, null);
        assertEquals(0, run.exit(), run::toString);
        return run;
    }

    @Test
    void sees_a_python_writers_messages_in_order_and_exits_0_at_until() throws IOException {
        try (Spawned watch = Spawned.shm(dir, "watch", "seg", "--text", "--until", "msg 5", "--timeout", "60s")) {
            assertEquals("", watch.nextLine(LONG), "the first value: a zero-filled segment is empty text");
            python(ZERO_THEN_WRITE, seg.toString(), "5");
            CommandRun run = watch.await(LONG);
            assertEquals(0, run.exit(), run::toString);
            List<String> messages = run.out().lines().filter(line -> !line.isEmpty()).toList();
            // Empty lines are the writer caught between its zeroing and its write: allowed, and rare.
            assertEquals(List.of("msg 1", "msg 2", "msg 3", "msg 4", "msg 5"), messages, run::toString);
            assertEquals("", run.err());
        }
    }

    @Test
    void a_timeout_exits_124_without_a_word() {
        CommandRun run = shm.process("watch", "seg", "--text", "--timeout", "300ms");
        assertEquals(124, run.exit(), run::toString);
        assertEquals("\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void truncating_the_file_under_a_hot_watch_ends_it_with_one_line() throws Exception {
        // --interval 0 polls millions of times a second: the fault lands in JIT-compiled code.
        try (Spawned watch = Spawned.shm(dir, "watch", "seg", "--text", "--interval", "0", "--timeout", "60s")) {
            watch.nextLine(LONG);
            Thread.sleep(2000);
            python("import os, sys; os.truncate(sys.argv[1], 0)", seg.toString());
            CommandRun run = watch.await(LONG);
            assertEquals(1, run.exit(), run::toString);
            assertEquals(List.of("shm: watch: 'seg' shrank from 1024 to 0 bytes while in use; stopped"), run.errLines());
            try (var files = Files.list(Shm.root())) {
                assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("hs_err")), "the JVM did not crash");
            }
        }
    }

    @Test
    void a_segment_replaced_by_a_new_file_of_the_same_name_ends_the_watch() {
        try (Spawned watch = Spawned.shm(dir, "watch", "seg", "--text", "--timeout", "60s")) {
            watch.nextLine(LONG);
            python("""
                    import os, sys
                    with open(sys.argv[1] + '.new', 'wb') as f:
                        f.write(b'impostor'.ljust(1024, b'\\0'))
                    os.rename(sys.argv[1] + '.new', sys.argv[1])
                    """, seg.toString());
            CommandRun run = watch.await(LONG);
            assertEquals(1, run.exit(), run::toString);
            assertEquals(List.of("shm: watch: 'seg' was replaced by another file while in use; stopped"), run.errLines());
            assertEquals("\n", run.out(), "the new file's bytes are not the watched segment's");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void piped_lines_never_carry_an_escape_code() throws IOException {
        try (Spawned watch = Spawned.shm(dir, "watch", "seg", "--length", "24", "--count", "1", "--timeout", "60s")) {
            watch.nextLine(LONG);
            python("""
                    import mmap, sys
                    with open(sys.argv[1], 'r+b') as f:
                        m = mmap.mmap(f.fileno(), 0)
                        b = b'\\x1b[2J\\x1b[31mred\\nnext\\r\\x07'
                        m[:len(b)] = b
                    """, seg.toString());
            CommandRun run = watch.await(LONG);
            assertEquals(0, run.exit(), run::toString);
            for (byte b : run.outBytes()) {
                assertTrue(b >= 0x20 || b == '\n', "control byte " + b + " in " + run);
            }
            assertEquals(List.of("\\0".repeat(24), "\\x1b[2J\\x1b[31mred\\nnext\\x0d\\x07" + "\\0".repeat(5)),
                    run.out().lines().toList());
        }
    }

    @Test
    void ctrl_c_exits_130_and_prints_nothing_more() throws IOException {
        try (Spawned watch = Spawned.shm(dir, "watch", "seg", "--text", "--timeout", "60s")) {
            watch.nextLine(LONG);
            watch.signal("INT");
            CommandRun run = watch.await(LONG);
            assertEquals(130, run.exit(), run::toString);
            assertEquals("\n", run.out());
            assertEquals("", run.err());
        }
    }

    /** A terminal of its own: a tmux server on a private socket, killed with everything in it on close. */
    private static final class Tmux implements AutoCloseable {
        private final String socket = "shmtest-" + UUID.randomUUID().toString().substring(0, 8);
        private final String session = "watch";

        Tmux(int width, int height, String command) {
            tmux("new-session", "-d", "-s", session, "-x", Integer.toString(width), "-y", Integer.toString(height), command);
        }

        static void assumeInstalled() {
            try {
                Process probe = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                Assumptions.assumeTrue(probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0, "tmux is not installed");
            } catch (IOException | InterruptedException e) {
                Assumptions.abort("tmux is not installed");
            }
        }

        String tmux(String... args) {
            List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
            command.addAll(List.of(args));
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                process.waitFor(10, TimeUnit.SECONDS);
                return out;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        String screen() {
            return tmux("capture-pane", "-p", "-t", session);
        }

        /** The screen with its colours and attributes as escape codes. */
        String styledScreen() {
            return tmux("capture-pane", "-p", "-e", "-t", session);
        }

        String show(String format) {
            return tmux("display-message", "-p", "-t", session, format).strip();
        }

        String waitFor(Predicate<String> shown, String what) throws InterruptedException {
            long end = System.nanoTime() + LONG.toNanos();
            String screen = screen();
            while (!shown.test(screen)) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("the terminal never showed " + what + ":\n" + screen);
                }
                Thread.sleep(50);
                screen = screen();
            }
            return screen;
        }

        @Override
        public void close() {
            tmux("kill-server");
        }
    }

    private String watchInTerminal(String... args) {
        return "SHM_DIR='" + dir + "' '" + Shm.launcher() + "' watch seg " + String.join(" ", args)
                + "; echo EXIT=$?; sleep 120";
    }

    @Test
    void on_a_terminal_the_full_screen_shows_new_bytes_highlighted_and_q_restores_the_terminal() throws Exception {
        Tmux.assumeInstalled();
        try (Tmux terminal = new Tmux(100, 30, watchInTerminal())) {
            String screen = terminal.waitFor(s -> s.contains("shm watch seg"), "the header");
            assertTrue(screen.contains("1024 bytes | 0 changes"), screen);
            assertEquals("1", terminal.show("#{alternate_on}"), "the view is on the alternate screen");
            assertEquals(0, shm.run("write", "seg", "--offset", "0x20", "hello").exit());
            screen = terminal.waitFor(s -> s.contains("68 65 6c 6c 6f"), "the new bytes");
            assertTrue(screen.contains("| 1 change |"), screen);
            assertTrue(screen.lines().anyMatch(l -> l.startsWith("00000020  68 65 6c 6c 6f 00") && l.endsWith("hello...........")), screen);
            String hello = terminal.styledScreen().lines().filter(l -> l.contains("hello")).findFirst().orElseThrow();
            assertTrue(hello.matches(".*\u001b\\[[0-9;]*m68.*"), "the changed bytes are highlighted: " + hello);

            terminal.tmux("send-keys", "-t", "watch", "q");
            screen = terminal.waitFor(s -> s.contains("EXIT="), "the exit status");
            assertTrue(screen.contains("EXIT=0"), screen);
            assertFalse(screen.contains("shm watch seg"), "the view is gone: " + screen);
            assertEquals("0", terminal.show("#{alternate_on}"), "back on the normal screen");
            assertEquals("1", terminal.show("#{cursor_flag}"), "the cursor is visible again");
        }
    }

    @Test
    void on_a_terminal_resizing_reflows_and_ctrl_c_exits_130_with_the_terminal_restored() throws Exception {
        Tmux.assumeInstalled();
        try (Tmux terminal = new Tmux(100, 30, watchInTerminal())) {
            terminal.waitFor(s -> s.contains("shm watch seg"), "the header");
            terminal.tmux("resize-window", "-t", "watch", "-x", "150", "-y", "20");
            String screen = terminal.waitFor(s -> s.contains("rows 1-18 of 32"), "32 bytes a row");
            assertTrue(screen.lines().anyMatch(l -> l.startsWith("00000020  00") && l.endsWith(".".repeat(32))), screen);
            terminal.tmux("send-keys", "-t", "watch", "C-c");
            screen = terminal.waitFor(s -> s.contains("EXIT="), "the exit status");
            assertTrue(screen.contains("EXIT=130"), screen);
            assertEquals("0", terminal.show("#{alternate_on}"));
            assertEquals("1", terminal.show("#{cursor_flag}"));
        }
    }

    @Test
    void on_a_terminal_a_shrunk_segment_ends_the_view_with_one_line_on_the_normal_screen() throws Exception {
        Tmux.assumeInstalled();
        try (Tmux terminal = new Tmux(100, 30, watchInTerminal())) {
            terminal.waitFor(s -> s.contains("shm watch seg"), "the header");
            python("import os, sys; os.truncate(sys.argv[1], 0)", seg.toString());
            String screen = terminal.waitFor(s -> s.contains("EXIT="), "the exit status");
            assertTrue(screen.contains("shm: watch: 'seg' shrank from 1024 to 0 bytes while in use; stopped\nEXIT=1"), screen);
            assertFalse(screen.contains("\tat ") || screen.contains("Exception"), screen);
            assertEquals("0", terminal.show("#{alternate_on}"));
        }
    }
}
