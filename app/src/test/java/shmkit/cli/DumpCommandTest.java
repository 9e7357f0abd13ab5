package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/**
 * shm dump against xxd and hexdump themselves (run as peers on the same file), and write --from-dump
 * reading back what dump, xxd and hexdump print.
 */
class DumpCommandTest {
    @TempDir
    Path dir;
    Shm shm;

    @BeforeEach
    void setUp() {
        shm = new Shm(dir);
    }


    private CommandRun refused(String... args) {
        CommandRun run = shm.run(args);
        assertEquals(2, run.exit(), run::toString);
        assertTrue(run.errLines().get(0).startsWith("shm: "), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
        return run;
    }

    private Path segment(String name, byte[] bytes) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, bytes);
        return path;
    }

    private CommandRun peer(String... command) {
        CommandRun run = shm.exec(List.of(command), null);
        assertEquals(0, run.exit(), run::toString);
        return run;
    }

    private static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void is_byte_identical_to_xxd_for_offsets_lengths_columns_and_groups() throws IOException {
        Path file = segment("r", random(4099, 1));
        Random random = new Random(2);
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[0]);
        cases.add(new String[] {"-c", "8", "-g", "3"});
        cases.add(new String[] {"-c", "7", "-g", "1"});
        cases.add(new String[] {"-c", "32", "-g", "0"});
        cases.add(new String[] {"-c", "16", "-g", "4"});
        cases.add(new String[] {"-c", "256", "-g", "16"});
        for (int i = 0; i < 14; i++) {
            long offset = i < 2 ? i * 4083 : random.nextInt(4099);
            long length = i == 0 ? 4099 : random.nextInt((int) (4099 - offset) + 1);
            String[] layout = cases.get(i % cases.size());
            List<String> xxd = new ArrayList<>(List.of("xxd", "-s", String.valueOf(offset), "-l", String.valueOf(length)));
            xxd.addAll(Arrays.asList(layout));
            xxd.add(file.toString());
            List<String> dump = new ArrayList<>(List.of("dump", "r", "--offset", String.valueOf(offset), "--length",
                    String.valueOf(length)));
            for (int k = 0; k < layout.length; k += 2) {
                dump.add(layout[k].equals("-c") ? "--cols" : "--group");
                dump.add(layout[k + 1]);
            }
            String expected = peer(xxd.toArray(String[]::new)).out();
            assertEquals(expected, shm.ok(dump.toArray(String[]::new)).out(), String.join(" ", xxd));
        }
    }

    @Test
    void plain_is_xxd_minus_p_and_squeeze_is_xxd_minus_a_where_only_zeros_repeat() throws IOException {
        byte[] bytes = random(1000, 3);
        Arrays.fill(bytes, 0, 64, (byte) 0);
        Arrays.fill(bytes, 300, 555, (byte) 0);
        Arrays.fill(bytes, 940, 1000, (byte) 0);
        Path file = segment("z", bytes);
        assertEquals(peer("xxd", "-p", file.toString()).out(), shm.ok("dump", "z", "--plain").out());
        assertEquals(peer("xxd", "-p", "-c", "7", file.toString()).out(), shm.ok("dump", "z", "--plain", "--cols", "7").out());
        assertEquals(peer("xxd", "-a", file.toString()).out(), shm.ok("dump", "z", "--squeeze").out());
        assertEquals(peer("xxd", "-a", "-s", "304", "-l", "636", file.toString()).out(),
                shm.ok("dump", "z", "--squeeze", "-o", "304", "-l", "636").out());
        assertEquals(peer("xxd", "-a", "-l", "992", file.toString()).out(), shm.ok("dump", "z", "--squeeze", "-l", "992").out());
    }

    @Test
    void canonical_is_hexdump_minus_c_and_squeezed_it_is_exactly_what_hexdump_prints() throws IOException {
        byte[] bytes = random(700, 4);
        Arrays.fill(bytes, 100, 400, (byte) 'x');
        Arrays.fill(bytes, 640, 700, (byte) 0);
        Path file = segment("c", bytes);
        assertEquals(peer("hexdump", "-C", "-v", file.toString()).out(), shm.ok("dump", "c", "--canonical").out());
        assertEquals(peer("hexdump", "-C", file.toString()).out(), shm.ok("dump", "c", "--canonical", "--squeeze").out());
        assertEquals(peer("hexdump", "-C", "-s", "97", "-n", "555", file.toString()).out(),
                shm.ok("dump", "c", "-C", "-a", "-o", "97", "-l", "555").out());
    }

    @Test
    void xxd_minus_r_rebuilds_the_bytes_from_the_default_dump() throws IOException {
        byte[] bytes = random(3333, 5);
        segment("x", bytes);
        byte[] dump = shm.ok("dump", "x").outBytes();
        CommandRun rebuilt = shm.exec(List.of("xxd", "-r"), dump);
        assertArrayEquals(bytes, rebuilt.outBytes());
    }

    @Test
    void squeezed_dumps_round_trip_through_from_dump_with_runs_at_start_middle_and_end() throws IOException {
        byte[] bytes = random(16 * 80 + 16, 6);
        Arrays.fill(bytes, 0, 16 * 10, (byte) 0x7e);
        Arrays.fill(bytes, 16 * 30, 16 * 45, (byte) 0);
        Arrays.fill(bytes, 16 * 60, bytes.length, (byte) 0xee);
        segment("from", bytes);
        for (String[] layout : new String[][] {{"--squeeze"}, {"--squeeze", "--canonical"}, {"--squeeze", "--cols", "48"}}) {
            segment("to", new byte[bytes.length]);
            List<String> args = new ArrayList<>(List.of("dump", "from"));
            args.addAll(List.of(layout));
            String dump = shm.ok(args.toArray(String[]::new)).out();
            assertTrue(dump.contains("\n*\n"), dump);
            CommandRun write = shm.runWithInput(dump.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "write", "to", "--from-dump");
            assertEquals(0, write.exit(), write::toString);
            assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("to")), dump);
        }
    }

    @Test
    void from_dump_reads_what_hexdump_and_xxd_print() throws IOException {
        byte[] bytes = random(600, 7);
        Arrays.fill(bytes, 32, 400, (byte) 0);
        Path file = segment("src", bytes);
        for (String[] tool : new String[][] {{"hexdump", "-C"}, {"xxd", "-a"}, {"xxd", "-u", "-c", "12", "-g", "4"}, {"xxd", "-p"}}) {
            segment("dst", new byte[600]);
            List<String> command = new ArrayList<>(List.of(tool));
            command.add(file.toString());
            CommandRun write = shm.runWithInput(peer(command.toArray(String[]::new)).outBytes(), "write", "dst", "--from-dump");
            assertEquals(0, write.exit(), write::toString);
            assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("dst")), String.join(" ", tool));
        }
    }

    @Test
    void from_dump_adds_offset_to_the_offsets_in_the_dump() throws IOException {
        segment("a", "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        segment("b", new byte[20]);
        String dump = shm.ok("dump", "a", "--offset", "2", "--length", "3").out();
        assertEquals("00000002: 3233 34                                  234\n", dump);
        assertEquals(0, shm.runWithInput(dump.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                "write", "b", "--from-dump", "--offset", "10").exit());
        byte[] expected = new byte[20];
        expected[12] = '2';
        expected[13] = '3';
        expected[14] = '4';
        assertArrayEquals(expected, Files.readAllBytes(dir.resolve("b")));
    }

    @Test
    void a_malformed_dump_changes_nothing_and_names_the_line() throws IOException {
        byte[] before = random(64, 8);
        segment("keep", before);
        String dump = "00000000: 4142 4344  ABCD\n00000004: 4546  EF\n00000006: 47zz  G.\n";
        CommandRun run = shm.runWithInput(dump.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "write", "keep", "--from-dump");
        assertEquals(2, run.exit(), run::toString);
        assertEquals("shm: write: line 3 of the dump ('00000006: 47zz  G.') has 'z' where a hex digit belongs (column 13)",
                run.errLines().get(0));
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("keep")), "the good lines before it were not written");

        String tooFar = "00000000: 4142  AB\n00000040: 41  A\n";
        run = shm.runWithInput(tooFar.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "write", "keep", "--from-dump");
        assertEquals(2, run.exit(), run::toString);
        assertTrue(run.err().contains("line 2 of the dump ('00000040: 41  A') puts 1 bytes at offset 0x40 (64), past the end of "
                + "'keep' (64 bytes)"), run::toString);
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("keep")));
    }

    @Test
    void from_dump_is_one_source_among_the_others() throws IOException {
        segment("s", new byte[8]);
        assertTrue(refused("write", "s", "--from-dump", "--hex", "41").err().contains("give only one of TEXT, '-', --hex, --fill and --from-dump"));
        assertTrue(refused("write", "s", "--from-dump", "--length", "4").err().contains("--length does not apply"));
    }

    @Test
    void colour_goes_only_to_a_terminal_unless_asked_and_no_color_turns_auto_off() throws IOException {
        segment("col", "A\0 \u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertFalse(shm.ok("dump", "col").out().contains("\033["), "a pipe gets no colour by default");
        assertTrue(shm.ok("dump", "col", "--color", "always").out().contains("\033[1;32mA"));
        Shm terminal = new Shm(dir).onTerminal();
        assertTrue(terminal.run("dump", "col").out().contains("\033["));
        assertFalse(terminal.run("dump", "col", "--color", "never").out().contains("\033["));
        assertFalse(new Shm(dir).onTerminal().env("NO_COLOR", "1").run("dump", "col").out().contains("\033["));
        assertTrue(new Shm(dir).onTerminal().env("NO_COLOR", "1").run("dump", "col", "--color", "always").out().contains("\033["));
    }

    @Test
    void refuses_options_that_do_not_fit_together() throws IOException {
        segment("o", new byte[8]);
        assertTrue(refused("dump", "o", "--cols", "4097").err().contains("--cols 4097 is out of range: give 0 to 4096"));
        assertTrue(refused("dump", "o", "--group", "-1").err().contains("--group -1 is negative"));
        assertTrue(refused("dump", "o", "--plain", "--squeeze").err().contains("--plain has none"));
        assertTrue(refused("dump", "o", "--plain", "--group", "2").err().contains("--group does not apply to --plain"));
        assertTrue(refused("dump", "o", "--color", "sometimes").err().contains("'sometimes' is not a colour choice"));
        refused("dump", "o", "--plain", "--canonical");
        assertTrue(refused("dump", "o", "--little-endian", "--group", "3").err().contains("--group 3 is not a power of 2"));
        assertTrue(refused("dump", "o", "--bits", "--canonical").err().contains("--bits goes with the xxd layout"));
        assertTrue(refused("dump", "o", "--name", "x").err().contains("-n/--name names the C array of --include"));
        assertTrue(refused("dump", "o", "--offset", "-9").err().contains("--offset -9 reaches 1 byte before the start of 'o' (8 bytes)"));
    }

    @Test
    void a_range_past_the_end_stops_at_the_end_as_xxd_does_and_read_stays_strict() throws IOException {
        segment("o", "abcdefgh".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("00000004: 6566 6768                                efgh\n", shm.ok("dump", "o", "--offset", "4", "--length", "5").out());
        assertEquals("", shm.ok("dump", "o", "--offset", "8").out());
        assertEquals("", shm.ok("dump", "o", "--offset", "100").out());
        assertEquals("00000008\n", shm.ok("dump", "o", "--offset", "100", "--canonical").out(), "hexdump -C's last line");
        assertEquals("", shm.ok("dump", "o", "--offset", "4", "--length", "0", "--canonical").out(), "hexdump -n 0");
        assertEquals("00000006: 6768  gh\n", shm.ok("dump", "o", "--offset", "-2", "--cols", "2").out());
        assertTrue(refused("read", "o", "--offset", "4", "--length", "5").err().contains("runs past the end of 'o' (8 bytes)"));
        assertEquals("gh", shm.ok("read", "o", "--offset", "-2").out());
    }

    @Test
    void help_says_that_xxd_minus_r_still_reverses_a_squeezed_dump() {
        String help = shm.ok("dump", "--help").out();
        assertTrue(help.replaceAll("\\s+", " ").contains("(xxd -a), so 'xxd -r' still rebuilds the bytes"), help);
    }
}
