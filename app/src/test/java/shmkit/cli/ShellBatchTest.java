package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/** shm shell reading commands from a pipe: the same output as separate invocations, errors by line. */
class ShellBatchTest {
    @TempDir
    Path dir;
    Shm shm;

    @BeforeEach
    void setUp() {
        shm = new Shm(dir);
        assertEquals(0, shm.run("create", "seg", "--size", "256").exit());
    }

    private CommandRun batch(String script, String... options) {
        List<String> args = new ArrayList<>(List.of("shell", "seg"));
        args.addAll(List.of(options));
        return shm.runWithInput(script.getBytes(StandardCharsets.UTF_8), args.toArray(String[]::new));
    }

    @Test
    void prints_what_separate_invocations_print() throws Exception {
        List<String> lines = List.of(
                "write --offset 0 'hello world'", "read --text", "read -l 5 --hex", "write --hex 'de ad be ef' -o 16",
                "read -o 16 -l 4 -x", "read -o 0 -l 11", "write --fill 0x41 --length 3 --offset 32", "read -o 32 --text",
                "write --length 16 --offset 40 \"a \\\"quoted\\\" b\"", "read -o 40 -l 16 --hex", "read --text --offset 200");
        CommandRun shell = batch(String.join("\n", lines) + "\n");
        assertEquals(0, shell.exit(), shell::toString);

        Files.write(dir.resolve("seg"), new byte[256]);
        ByteArrayOutputStream separate = new ByteArrayOutputStream();
        var parser = shmkit.cli.shell.InteractiveShell.parser();
        for (String line : lines) {
            List<String> words = new ArrayList<>(parser.parse(line, line.length()).words());
            words.add(1, "seg");
            CommandRun run = shm.run(words.toArray(String[]::new));
            assertEquals(0, run.exit(), run::toString);
            separate.writeBytes(run.outBytes());
        }
        assertArrayEquals(separate.toByteArray(), shell.outBytes(), shell::toString);
    }

    @Test
    void stops_at_the_first_failure_and_names_its_line() {
        CommandRun run = batch("write hello\n\n# a comment\nwrite --offset 300 x\nwrite --offset 10 never\n");
        assertEquals(1, run.exit(), run::toString);
        assertEquals("shm: line 4: write: offset 300 is past the end of 'seg' (256 bytes); to grow it: shm resize seg --size 301", run.errLines().get(0));
        assertEquals("hello\n", shm.run("read", "seg", "--text").out(), "line 5 did not run");
    }

    @Test
    void a_command_after_help_is_still_checked_for_what_it_needs() {
        // Lines go straight to their command, '--help' through the root: picocli skips a command's
        // checks when a parent's parse asked for help, so none may stay behind.
        CommandRun run = batch("--help\nadd --offset 0\nwrite --offset 10 ran\n", "--keep-going");
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().contains("Usage: shm "), run::toString);
        assertTrue(run.errLines().contains("shm: line 2: add: missing required options and parameters: '--as=TYPE', 'DELTA'"),
                run::toString);
        assertEquals("ran\n", shm.run("read", "seg", "--offset", "10", "--text").out());
    }

    @Test
    void keep_going_runs_every_line_and_still_exits_1() {
        CommandRun run = batch("write --bogus\nwrite \"unclosed\nwrite --offset 10 ran\n", "--keep-going");
        assertEquals(1, run.exit(), run::toString);
        assertEquals("shm: line 1: write: unknown option '--bogus'", run.errLines().get(0));
        assertEquals("shm: line 2: unclosed quote in: write \"unclosed", run.errLines().get(2));
        assertEquals("ran\n", shm.run("read", "seg", "--offset", "10", "--text").out());
    }

    @Test
    void a_shell_cannot_start_a_shell() {
        CommandRun run = batch("shell\n");
        assertEquals(1, run.exit(), run::toString);
        assertEquals("shm: line 1: shell: already in a shell on 'seg'", run.errLines().get(0));
    }

    @Test
    void the_segment_s_name_typed_out_of_habit_is_taken_as_said() {
        CommandRun shell = batch("add seg --as i64 5\nread seg --as i64\nread --as i64\n");
        assertEquals(0, shell.exit(), shell::toString);
        assertEquals("5\n5\n5\n", shell.out());
    }

    @Test
    void help_lists_the_shell_s_commands_and_keys_and_help_cmd_shows_a_command() {
        CommandRun shell = batch("help\nhelp read\n");
        assertEquals(0, shell.exit(), shell::toString);
        org.junit.jupiter.api.Assertions.assertTrue(shell.out().startsWith("Commands on 'seg'"), shell::toString);
        for (String shown : List.of("  read ", "  write ", "  watch ", "Ctrl-R", "clear", "exit", "Usage: shm read")) {
            org.junit.jupiter.api.Assertions.assertTrue(shell.out().contains(shown), shown + "\n" + shell);
        }
        for (String hidden : List.of("  create ", "  demo ", "  shell ", "  completion ")) {
            org.junit.jupiter.api.Assertions.assertFalse(shell.out().contains(hidden), hidden + "\n" + shell);
        }
    }

    @Test
    void clear_is_a_command_and_what_does_not_apply_says_why() {
        CommandRun shell = batch("clear\ncreate x --size 1\n", "--keep-going");
        assertEquals(1, shell.exit(), shell::toString);
        assertEquals(List.of("shm: line 2: create: not in the shell, which works on 'seg'; leave it (exit) to run 'shm create ...'"),
                shell.errLines());
        assertEquals("", shell.out(), "clear prints nothing into a pipe");
    }
}
