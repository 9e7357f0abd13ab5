package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/** create, write and read through the same Cli main uses, against segments in a temporary SHM_DIR. */
class CreateWriteReadTest {
    @TempDir
    Path dir;
    Shm shm;

    @BeforeEach
    void setUp() {
        shm = new Shm(dir);
    }


    private CommandRun refused(int exit, String... args) {
        CommandRun run = shm.run(args);
        assertEquals(exit, run.exit(), run::toString);
        assertTrue(run.errLines().size() <= 2 && !run.errLines().isEmpty(), run::toString);
        assertTrue(run.errLines().get(0).startsWith("shm: "), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
        return run;
    }

    private byte[] bytesOf(String name) throws IOException {
        return Files.readAllBytes(dir.resolve(name));
    }

    @Test
    void creates_a_zero_filled_segment_with_mode_0600() throws IOException {
        shm.ok("create", "demo", "--size", "100");
        Path path = dir.resolve("demo");
        assertArrayEquals(new byte[100], Files.readAllBytes(path));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        try (var entries = Files.list(dir)) {
            assertEquals(1, entries.count(), "no scratch file is left behind");
        }
    }

    @Test
    void create_sets_exactly_the_mode_asked_for() throws IOException {
        shm.ok("create", "shared", "--size", "4K", "--mode", "664");
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("shared"))));
        assertEquals(4096, Files.size(dir.resolve("shared")));
    }

    @Test
    void create_never_replaces_or_truncates_an_existing_segment() throws IOException {
        Files.write(dir.resolve("demo"), "precious".getBytes(StandardCharsets.UTF_8));
        CommandRun run = refused(1, "create", "demo", "--size", "100");
        assertTrue(run.err().contains("'demo' already exists (8 bytes)"), run::toString);
        assertEquals("precious", Files.readString(dir.resolve("demo")));
    }

    @Test
    void create_never_follows_a_symlink() throws IOException {
        Path target = dir.resolve("target");
        Files.writeString(target, "keep");
        Files.createSymbolicLink(dir.resolve("link"), target);
        CommandRun run = refused(1, "create", "link", "--size", "100");
        assertTrue(run.err().contains("symbolic link"), run::toString);
        assertEquals("keep", Files.readString(target));
    }

    @Test
    void create_refuses_bad_sizes_and_modes() {
        refused(2, "create", "x", "--size", "0");
        refused(2, "create", "x", "--size", "-5");
        refused(2, "create", "x", "--size", "abc");
        refused(2, "create", "x", "--size", "1Q");
        refused(2, "create", "x", "--size", "99999999999999999999");
        refused(2, "create", "x");
        refused(2, "create", "x", "--size", "10", "--mode", "999");
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void create_in_a_missing_folder_says_which_folder() {
        CommandRun run = refused(1, "create", dir.resolve("nope/seg").toString(), "--size", "10");
        assertTrue(run.err().contains("does not exist"), run::toString);
    }

    @Test
    void write_then_read_round_trips_text() {
        shm.ok("create", "demo", "--size", "100");
        shm.ok("write", "demo", "hello");
        assertEquals("hello\n", shm.ok("read", "demo", "--text").out());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), shm.ok("read", "demo", "--length", "5").outBytes());
        assertEquals(100, shm.ok("read", "demo").outBytes().length);
    }

    @Test
    void write_at_an_offset_in_hex_and_units() throws IOException {
        shm.ok("create", "demo", "--size", "8K");
        shm.ok("write", "demo", "--offset", "0x1000", "--hex", "de ad be ef");
        shm.ok("write", "demo", "--offset", "4K", "--hex", "0xCAFE");
        byte[] bytes = bytesOf("demo");
        assertArrayEquals(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xbe, (byte) 0xef}, Arrays.copyOfRange(bytes, 4096, 4100));
        assertEquals("cafebeef\n", shm.ok("read", "demo", "-o", "4K", "-l", "4", "--hex").out());
    }

    @Test
    void fill_writes_a_byte_over_a_length() throws IOException {
        shm.ok("create", "demo", "--size", "100");
        shm.ok("write", "demo", "--fill", "a", "--length", "100");
        assertEquals("a".repeat(100), new String(bytesOf("demo"), StandardCharsets.US_ASCII));
        shm.ok("write", "demo", "--offset", "10", "--fill", "0x00", "--length", "90");
        assertEquals("a".repeat(10) + "\n", shm.ok("read", "demo", "--text").out());
    }

    @Test
    void length_pads_text_with_nul_so_a_shorter_message_replaces_a_longer_one() {
        shm.ok("create", "demo", "--size", "1K");
        shm.ok("write", "demo", "--length", "1K", "msg 10");
        shm.ok("write", "demo", "--length", "1K", "msg 9");
        assertEquals("msg 9\n", shm.ok("read", "demo", "--text").out());
    }

    @Test
    void a_write_that_does_not_fit_is_refused_whole_and_leaves_the_segment_unchanged() throws IOException {
        shm.ok("create", "demo", "--size", "4096");
        shm.ok("write", "demo", "--fill", "7", "--length", "4096");
        byte[] before = bytesOf("demo");
        CommandRun run = refused(2, "write", "demo", "--offset", "4090", "hello, world!!!");
        assertEquals("shm: write: offset 4090 + 15 bytes runs past the end of 'demo' (4096 bytes); to grow it: shm resize demo --size 4105",
                run.errLines().get(0));
        assertEquals("Try 'shm write --help' for more information.", run.errLines().get(1));
        refused(2, "write", "demo", "--offset", "5000", "x");
        refused(2, "write", "demo", "--fill", "1", "--length", "4097");
        refused(2, "write", "demo", "--hex", "abc");
        refused(2, "write", "demo", "--hex", "zz");
        refused(2, "write", "demo", "--fill", "300", "--length", "1");
        refused(2, "write", "demo", "--fill", "1");
        refused(2, "write", "demo", "--length", "3", "hello");
        refused(2, "write", "demo", "--hex", "00", "text");
        refused(2, "write", "demo");
        assertArrayEquals(before, bytesOf("demo"));
    }

    @Test
    void standard_input_is_copied_byte_for_byte() throws IOException {
        shm.ok("create", "bin", "--size", "64K");
        byte[] random = new byte[65536];
        new Random(42).nextBytes(random);
        assertEquals(0, shm.runWithInput(random, "write", "bin", "-").exit());
        assertArrayEquals(random, bytesOf("bin"));
        assertArrayEquals(random, shm.ok("read", "bin").outBytes());
    }

    @Test
    void standard_input_too_long_or_ending_early_is_refused_before_a_byte_moves() throws IOException {
        shm.ok("create", "demo", "--size", "16");
        CommandRun tooLong = shm.runWithInput(new byte[17], "write", "demo", "-");
        assertEquals(2, tooLong.exit(), tooLong::toString);
        assertTrue(tooLong.err().contains("nothing was written"), tooLong::toString);
        CommandRun early = shm.runWithInput(new byte[] {1, 2, 3}, "write", "demo", "--length", "8", "-");
        assertEquals(1, early.exit(), early::toString);
        assertTrue(early.err().contains("ended after 3 bytes"), early::toString);
        assertArrayEquals(new byte[16], bytesOf("demo"));
        CommandRun exact = shm.runWithInput("abcdefgh-rest".getBytes(StandardCharsets.US_ASCII),
                "write", "demo", "--offset", "8", "--length", "8", "-");
        assertEquals(0, exact.exit(), exact::toString);
        assertEquals("abcdefgh", new String(bytesOf("demo"), 8, 8, StandardCharsets.US_ASCII));
    }

    @Test
    void reading_past_the_end_or_a_missing_segment_is_one_line() {
        shm.ok("create", "demo", "--size", "10");
        CommandRun past = refused(2, "read", "demo", "--offset", "8", "--length", "3");
        assertTrue(past.err().contains("offset 8 + 3 bytes runs past the end of 'demo' (10 bytes)"), past::toString);
        CommandRun missing = refused(1, "read", "nothing-here");
        assertTrue(missing.err().contains("no segment 'nothing-here'"), missing::toString);
    }

    @Test
    void to_a_terminal_binary_bytes_are_escaped_never_raw() {
        shm.ok("create", "demo", "--size", "8");
        shm.ok("write", "demo", "--hex", "41 1b 5b 32 4a 00 ff 0a");
        CommandRun run = shm.onTerminal().run("read", "demo");
        assertEquals("A\\x1b[2J\\0\\xff\n", run.out());
    }

    @Test
    void never_follows_a_symlink_when_reading_or_writing() throws IOException {
        Path target = dir.resolve("target");
        Files.writeString(target, "secret");
        Files.createSymbolicLink(dir.resolve("link"), target);
        assertTrue(refused(1, "read", "link").err().contains("symbolic link"));
        refused(1, "write", "link", "x");
        assertEquals("secret", Files.readString(target));
    }

    @Test
    void a_directory_is_not_a_segment() throws IOException {
        Files.createDirectory(dir.resolve("sub"));
        assertTrue(refused(1, "read", "sub").err().contains("is a directory"));
    }

    @Test
    void unknown_commands_and_options_are_usage_errors() {
        assertTrue(refused(2, "creat", "x").err().contains("did you mean 'create'"));
        refused(2, "read", "x", "--bogus");
        refused(2, "read", "x", "--text", "--hex");
    }

    @Test
    void bare_shm_prints_usage_on_stderr_and_exits_2() {
        CommandRun run = shm.run();
        assertEquals(2, run.exit(), run::toString);
        assertTrue(run.err().startsWith("Usage: shm"), run::toString);
        assertEquals("", run.out());
    }

    @Test
    void help_and_version_exit_zero() {
        assertTrue(shm.ok("--help").out().contains("create"));
        assertTrue(shm.ok("help", "write").out().contains("Examples:"));
        assertTrue(shm.ok("read", "--help").out().contains("--offset"));
        assertEquals("shm " + Cli.VERSION + "\n", shm.ok("--version").out());
    }

    @Test
    void sync_flushes_a_file_backed_segment() throws IOException {
        Path file = dir.resolve("file.bin");
        shm.ok("create", file.toString(), "--size", "4K");
        shm.ok("write", file.toString(), "--sync", "--offset", "100", "synced");
        assertEquals("synced", new String(bytesOf("file.bin"), 100, 6, StandardCharsets.US_ASCII));
    }
}
