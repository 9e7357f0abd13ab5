package shmkit.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;
import shmkit.testing.Spawned;
import shmkit.testing.TmpfsDir;

/**
 * The classes of failure a hostile run found (issue 15), each reproduced with the real scripts/shm,
 * real signals and real segments: names that are not UTF-8, a shell's stale mapping, an interrupted
 * write, a lock outlived by its command, leftovers of an interrupted create, control bytes in
 * messages, and spec files that never end.
 */
class HostileRunIT {
    @TempDir(factory = TmpfsDir.class)
    Path dir;

    private Shm shm() {
        return new Shm(dir);
    }

    /** Runs a bash command line with $SHM the launcher and SHM_DIR our folder (bash spells bytes as $'\xff'). */
    private CommandRun bash(String script) {
        return Shm.exec(List.of("bash", "-c", script), null,
                Map.of("SHM", Shm.launcher().toString(), "SHM_DIR", dir.toString()));
    }

    private static void assertOneSafeLine(CommandRun run) {
        List<String> lines = run.errLines();
        assertTrue(lines.size() == 1 || lines.size() == 2 && lines.get(1).startsWith("Try "), run::toString);
        for (char c : run.err().toCharArray()) {
            assertTrue(c == '\n' || c >= 0x20 && c != 0x7f && (c < 0x80 || c >= 0xa0), "a control character on stderr: " + run);
        }
    }

    // ---- names byte for byte --------------------------------------------------------------------

    @Test
    void a_name_that_is_not_utf8_is_refused_before_anything_is_touched() throws IOException {
        Files.write(dir.resolve("a\uFFFD"), new byte[] {42}); // what 0xfe and 0xff used to collapse into
        CommandRun create = bash("\"$SHM\" create $'a\\xff' --size 1K");
        assertEquals(2, create.exit(), create::toString);
        assertTrue(create.err().contains("argument 2 ('a\\xff') is not valid UTF-8"), create::toString);
        assertOneSafeLine(create);
        CommandRun rm = bash("\"$SHM\" rm $'a\\xfe'");
        assertEquals(2, rm.exit(), rm::toString);
        assertArrayEquals(new byte[] {42}, Files.readAllBytes(dir.resolve("a\uFFFD")), "rm of another name removed nothing");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "nothing was created");
        }
        CommandRun real = bash("\"$SHM\" read $'a\\xef\\xbf\\xbd' --hex");
        assertEquals("2a\n", real.out(), "a real U+FFFD in UTF-8 is a name like any other: " + real);
        CommandRun folder = Shm.exec(List.of("bash", "-c", "SHM_DIR=$'/tmp/\\xff' \"$SHM\" create x --size 1K"), null,
                Map.of("SHM", Shm.launcher().toString()));
        assertEquals(2, folder.exit(), folder::toString);
        assertTrue(folder.err().contains("SHM_DIR ('/tmp/\\xff') is not valid UTF-8"), folder::toString);
    }

    // ---- the shell's mapping ----------------------------------------------------------------------

    /** A batch shell fed a line at a time; between lines the test changes the segment under it. */
    private static final class Batch implements AutoCloseable {
        final Process process;
        final OutputStream in;
        final BufferedReader out;

        Batch(Path dir, String name) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(Shm.launcher().toString(), "shell", name, "--keep-going");
            builder.environment().put("SHM_DIR", dir.toString());
            builder.redirectError(ProcessBuilder.Redirect.PIPE);
            process = builder.start();
            in = process.getOutputStream();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        String run(String line) throws IOException {
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            return out.readLine();
        }

        CommandRun end() throws IOException, InterruptedException {
            in.close();
            String rest = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            return new CommandRun(process.exitValue(), rest, new String(process.getErrorStream().readAllBytes(),
                    StandardCharsets.UTF_8), rest.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void a_shell_reports_a_segment_shrunk_within_its_last_page_and_writes_nothing() throws Exception {
        shm().ok("create", "s", "--size", "8000");
        try (Batch shell = new Batch(dir, "s")) {
            assertEquals("1", shell.run("add --offset 7992 --as i64 1"));
            try (FileChannel channel = FileChannel.open(dir.resolve("s"), StandardOpenOption.WRITE)) {
                channel.truncate(4100); // the mapping's last page is still there: a write would not fault
            }
            shell.in.write("add --offset 7992 --as i64 1\nadd --offset 7992 --as i64 1\n".getBytes(StandardCharsets.US_ASCII));
            CommandRun run = shell.end();
            assertEquals(1, run.exit(), run::toString);
            assertTrue(run.err().contains("line 2: add: '" + "s" + "' shrank from 8000 to 4100 bytes since the shell opened it;"
                    + " this command did nothing; the shell now uses the segment 's' holds (4100 bytes)"), run::toString);
            assertTrue(run.err().contains("line 3: add: offset 7992 is past the end of 's' (4100 bytes)"),
                    "the next command sees the new size: " + run);
        }
        assertEquals(4100, Files.size(dir.resolve("s")), "nothing grew it back");
    }

    @Test
    void a_shell_reports_a_segment_replaced_or_removed_between_two_commands() throws Exception {
        shm().ok("create", "s", "--size", "64");
        try (Batch shell = new Batch(dir, "s")) {
            assertEquals("1", shell.run("add --as i64 1"));
            Files.write(dir.resolve("other"), new byte[64]);
            Files.move(dir.resolve("other"), dir.resolve("s"), StandardCopyOption.REPLACE_EXISTING);
            shell.in.write("add --as i64 1\nread --as i64\n".getBytes(StandardCharsets.US_ASCII));
            CommandRun run = shell.end();
            assertEquals(1, run.exit(), run::toString);
            assertTrue(run.err().contains("line 2: add: 's' was replaced by another file since the shell opened it;"
                    + " this command did nothing; the shell now uses the segment 's' holds (64 bytes)"), run::toString);
            assertEquals("0\n", run.out(), "the next command reads the new file: " + run);
        }
        assertArrayEquals(new byte[64], Files.readAllBytes(dir.resolve("s")), "the new file was not written by the old mapping");
        try (Batch shell = new Batch(dir, "s")) {
            assertEquals("1", shell.run("add --as i64 1"));
            Files.delete(dir.resolve("s"));
            shell.in.write("add --as i64 1\n".getBytes(StandardCharsets.US_ASCII));
            CommandRun run = shell.end();
            assertEquals(1, run.exit(), run::toString);
            assertTrue(run.err().contains("was removed since the shell opened it; this command did nothing; no segment 's'"),
                    run::toString);
        }
    }

    // ---- an interrupted write says how far it got ----------------------------------------------------

    @Test
    void sigint_and_sigterm_in_a_long_write_from_a_pipe_say_exactly_what_went_in() throws Exception {
        shm().ok("create", "s", "--size", "64M");
        for (String signal : List.of("INT", "TERM")) {
            shm().ok("write", "s", "--fill", "0", "--length", "64M");
            ProcessBuilder builder = new ProcessBuilder(Shm.launcher().toString(), "write", "s", "-");
            builder.environment().put("SHM_DIR", dir.toString());
            Process process = builder.start();
            OutputStream in = process.getOutputStream();
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 20; i++) { // past the 16 MiB that are checked before a byte moves
                in.write(chunk);
            }
            in.flush();
            Thread.sleep(1500); // it now waits for more of the pipe
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "ended after SIG" + signal);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(signal.equals("INT") ? 130 : 143, process.exitValue(), err);
            Matcher said = Pattern.compile("shm: write: interrupted: wrote (\\d+) bytes of standard input to 's' at offsets"
                    + " 0\\.\\.(\\d+); nothing from offset \\d+ on was written\n").matcher(err);
            assertTrue(said.matches(), err);
            long written = Long.parseLong(said.group(1));
            assertEquals(20 << 20, written, "every byte given went in, and it says so");
            byte[] after = Files.readAllBytes(dir.resolve("s"));
            assertEquals('x', after[(int) written - 1]);
            assertEquals(0, after[(int) written]);
            try {
                in.close();
            } catch (IOException closed) {
                // it has gone
            }
        }
    }

    // ---- shm lock holds the lock until its command has ended ------------------------------------------

    @Test
    void a_signal_to_lock_goes_to_its_command_and_the_lock_stays_until_the_command_ends() throws Exception {
        shm().ok("create", "s", "--size", "64");
        Path done = dir.resolve("child-done");
        String child = "trap 'sleep 1; : > \"" + done + "\"; exit 7' TERM; echo started; while :; do sleep 0.05; done";
        try (Spawned lock = Spawned.shm(dir, "lock", "s", "--", "sh", "-c", child)) {
            assertEquals("started", lock.nextLine(Duration.ofSeconds(20)));
            lock.signal("TERM");
            // A peer waits for the lock: it must get it only once the command has finished its trap.
            CommandRun peer = shm().exec(List.of("python3", "-c", "import fcntl,os,sys,time\n"
                    + "f=open(sys.argv[1],'r+b'); fcntl.lockf(f, fcntl.LOCK_EX, 64, 0)\n"
                    + "print('done' if os.path.exists(sys.argv[2]) else 'early')", dir.resolve("s").toString(),
                    done.toString()), null);
            assertEquals("done\n", peer.out(), "the lock was free before the command ended: " + peer);
            CommandRun run = lock.await(Duration.ofSeconds(20));
            assertEquals(7, run.exit(), "shm lock exits with its command's status: " + run);
        }
    }

    // ---- an interrupted create leaves nothing --------------------------------------------------------

    @Test
    void an_interrupted_or_killed_create_leaves_no_scratch_and_stale_ones_can_be_found_and_removed() throws Exception {
        for (String signal : List.of("TERM", "KILL")) {
            try (Spawned create = Spawned.shm(dir, "create", "big", "--size", "3G")) {
                Thread.sleep(900);
                create.signal(signal);
                CommandRun run = create.await(Duration.ofSeconds(30));
                if (signal.equals("TERM") && run.exit() == 143) {
                    assertTrue(run.err().contains("'big' was not created and nothing was left behind"), run::toString);
                }
            }
            try (var files = Files.list(dir)) {
                assertEquals(List.of(), files.toList(), "SIG" + signal + " left nothing named");
            }
        }
        Path stale = dir.resolve(".shm-create.999999999.ab12");
        Files.write(stale, new byte[4096]);
        CommandRun list = shm().process("list");
        assertTrue(list.err().contains("1 scratch file of creates killed while filling"), list::toString);
        CommandRun rm = shm().process("rm", "--stale");
        assertEquals(0, rm.exit(), rm::toString);
        assertFalse(Files.exists(stale));
    }

    // ---- nothing injected -------------------------------------------------------------------------

    @Test
    void messages_escape_control_bytes_and_cut_what_is_too_long() throws IOException {
        CommandRun escape = bash("\"$SHM\" read $'x\\e[2J'");
        assertEquals(1, escape.exit(), escape::toString);
        assertTrue(escape.err().contains("x\\x1b[2J"), escape::toString);
        assertOneSafeLine(escape);
        CommandRun newline = bash("\"$SHM\" read $'a\\nb\\nc\\nd\\ne'");
        assertOneSafeLine(newline);
        shm().ok("create", "s", "--size", "8");
        CommandRun batch = shm().process("hello\u001b[31m\u0007\n".getBytes(StandardCharsets.UTF_8), "shell", "s");
        assertEquals(1, batch.exit(), batch::toString);
        assertTrue(batch.err().contains("unknown command 'hello\\x1b[31m\\x07'"), batch::toString);
        assertOneSafeLine(batch);
        CommandRun huge = shm().process(("x".repeat(200_000) + "\n").getBytes(StandardCharsets.US_ASCII), "shell", "s");
        assertTrue(huge.err().length() < 2000, "a 200 KB command is not echoed whole: " + huge.err().length());
        Path spec = dir.resolve("spec");
        Files.write(spec, "a:i32\0\u001b[2J".getBytes(StandardCharsets.US_ASCII));
        CommandRun nul = shm().process("layout", "@" + spec);
        assertEquals(2, nul.exit(), nul::toString);
        assertOneSafeLine(nul);
    }

    @Test
    void a_spec_file_that_never_ends_is_refused_at_once() throws Exception {
        Path fifo = dir.resolve("fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        for (String file : List.of(fifo.toString(), "/dev/zero", dir.toString())) {
            long start = System.nanoTime();
            CommandRun run = shm().process("layout", "@" + file);
            assertEquals(2, run.exit(), run::toString);
            assertTrue(run.err().contains("is not a regular file"), run::toString);
            assertTrue(System.nanoTime() - start < 10_000_000_000L, "no hang on " + file);
            shm().ok("create", "r" + Math.abs(file.hashCode()), "--size", "8");
            CommandRun read = shm().process("read", "r" + Math.abs(file.hashCode()), "--layout", "@" + file);
            assertEquals(2, read.exit(), read::toString);
        }
    }
}
