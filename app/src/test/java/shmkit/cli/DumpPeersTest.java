package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Peers;
import shmkit.testing.Shm;

/**
 * Every dump option beside the same option of its peer, byte for byte, on the installed xxd,
 * hexdump, od and hexyl: the cases of vim's src/testdir/test_xxd.vim (its numbered tests, patches,
 * bit dumps, columns), of util-linux's tests/ts/hexdump (the canonical layout of its all-bytes sample)
 * and the same spirit for od and hexyl. Where the installed xxd (2022-01-14) predates a behaviour
 * vim's tests now expect (-i -b, -e with columns that are not whole groups, -R), the expected text is
 * vim's own, golden.
 */
class DumpPeersTest {
    @TempDir
    Path dir;
    Shm shm;

    /** vim's test 1: the lines 1 to 30. */
    static final byte[] THIRTY = lines();
    /** A text longer than 120 bytes, for the -s/-l/-c cases vim runs on xxd's man page. */
    static final byte[] TEXT = ("xxd creates a hex dump of a given file or standard input.  It can also convert a hex "
            + "dump back to its original binary form.  Like uuencode(1) and uudecode(1) it allows the transmission of "
            + "binary data in a `mail-safe' ASCII representation.\n").getBytes(StandardCharsets.US_ASCII);
    /** vim's tests 7 to 21: 'TESTabcd09' and a newline. */
    static final byte[] TEST = "TESTabcd09\n".getBytes(StandardCharsets.US_ASCII);
    /** util-linux's ascii.in: every character 0-255 followed by a space, as Python 3 prints them (UTF-8). */
    static final byte[] ASCII_IN = asciiIn();
    /** Random bytes with runs of zeros and of one repeated line, at the start, the middle and the end. */
    static final byte[] RUNS = runs();

    @BeforeAll
    static void peers() {
        Peers.require("xxd", "hexdump", "od", "hexyl");
    }

    @BeforeEach
    void setUp() {
        shm = new Shm(dir);
    }

    private static byte[] lines() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            text.append(i).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] asciiIn() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            text.append((char) i).append(' ');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] runs() {
        byte[] bytes = new byte[1000];
        new Random(18).nextBytes(bytes);
        Arrays.fill(bytes, 0, 64, (byte) 0);
        Arrays.fill(bytes, 200, 330, (byte) 0x41);
        Arrays.fill(bytes, 400, 555, (byte) 0);
        Arrays.fill(bytes, 936, 1000, (byte) 0);
        return bytes;
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, bytes);
        return path;
    }

    /** The peer's output for {@code command} (words; %f is the file), which must succeed. */
    private byte[] peer(String command, Path file) {
        CommandRun run = shm.exec(words(command, file), null);
        assertEquals(0, run.exit(), () -> command + "\n" + run);
        return run.outBytes();
    }

    private byte[] dump(String args, Path file) {
        CommandRun run = shm.run(words("dump %f " + args, file).toArray(String[]::new));
        assertEquals(0, run.exit(), () -> "shm dump " + args + "\n" + run);
        return run.outBytes();
    }

    private static List<String> words(String command, Path file) {
        List<String> words = new ArrayList<>();
        for (String word : command.strip().split(" +")) {
            if (!word.isEmpty()) {
                words.add(word.equals("%f") ? file.toString() : word);
            }
        }
        return words;
    }

    /** Each row: the peer's command, then '|', then shm dump's options, on the same file. */
    private void same(byte[] bytes, String... rows) throws IOException {
        Path file = file("XXDfile", bytes);
        for (String row : rows) {
            String[] sides = row.split("\\|", -1);
            byte[] expected = peer(sides[0], file);
            byte[] actual = dump(sides[1], file);
            assertEquals(text(expected), text(actual), sides[0] + "  against  shm dump " + sides[1]);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    // ---- xxd -----------------------------------------------------------------------------------

    @Test
    void vims_xxd_tests_print_what_xxd_prints() throws IOException {
        same(THIRTY,
                "xxd %f|",                                                        // test 1
                "xxd -s 0x30 %f|--offset 0x30", "xxd -s0x30 %f|-o0x30",            // test 3
                "xxd -s -0x31 %f|--offset -0x31", "xxd -s-0x31 %f|-o-0x31",        // test 4
                "xxd -d %f|--decimal",                                             // test 13
                "xxd -g 4 -d %f|--group 4 --decimal", "xxd -g4 -d %f|-g4 -d",      // test 14
                "xxd -c 21 -d %f|--cols 21 --decimal",                             // test 15
                "xxd -o 15 %f|--display-offset 15");                               // test 16
        same(TEXT,
                "xxd -s 30 -l 120 -ps -c20 %f|--offset 30 --length 120 --plain --cols 20", // test 5
                "xxd -s 0x33 -l 13 -c 13 %f|--offset 0x33 --length 13 --cols 13");        // test 6
        same(TEST,
                "xxd -i %f|--include",                                             // test 7
                "xxd -i -C %f|--include --capitalize",                             // test 8
                "xxd -g 4 %f|--group 4",                                           // test 10
                "xxd -i -n varName %f|--include --name varName",                   // test 17
                "xxd -i -C -n varName %f|--include --capitalize --name varName",   // test 18
                "xxd -i -n 9lives -u -c 4 %f|-i -n 9lives -u -c 4");
    }

    @Test
    void every_xxd_option_shm_spells_prints_what_xxd_prints() throws IOException {
        for (byte[] bytes : new byte[][] {RUNS, TEST, ASCII_IN, new byte[0], new byte[48]}) {
            same(bytes,
                    "xxd -u %f|--upper", "xxd -u -p %f|-u -p", "xxd -u -g 4 -c 12 %f|-u -g 4 -c 12",
                    "xxd -b %f|--bits", "xxd -b -c 4 -g 2 %f|-b -c 4 -g 2", "xxd -b -a %f|--bits --squeeze",
                    "xxd -e %f|--little-endian", "xxd -e -g 2 %f|-e -g 2", "xxd -e -g 8 %f|-e -g 8",
                    "xxd -e -u -c 8 %f|-e -u -c 8", "xxd -e -a %f|-e -a",
                    "xxd -d -s 170 -l 300 %f|-d --offset 170 --length 300",
                    "xxd -o 0x1000 -s 190 %f|--display-offset 0x1000 --offset 190",
                    "xxd -a %f|--squeeze", "xxd -a -c 3 %f|-a -c 3", "xxd -a -s 304 -l 636 %f|-a -o 304 -l 636",
                    "xxd -i %f|--include", "xxd -i -c 5 -u %f|-i -c 5 -u",
                    "xxd -c 0 %f|--cols 0", "xxd -b -c 0 %f|-b -c 0", "xxd -e -c 0 %f|-e -c 0", "xxd -i -c 0 %f|-i -c 0",
                    "xxd -p -c 0 %f|--plain --cols 0", "xxd -c 7 -g 3 %f|-c 7 -g 3", "xxd -g 0 -c 32 %f|-g 0 -c 32",
                    // the end of the data: xxd stops there, and prints nothing from an offset at or past it
                    "xxd -s 5000 %f|--offset 5000", "xxd -l 5000 %f|--length 5000");
        }
        same(RUNS, "xxd -s -5 -l 100 %f|-o -5 -l 100", "xxd -s -1000 %f|-o -1000", "xxd -s 1000 %f|-o 1000");
    }

    @Test
    void bits_in_a_c_array_and_little_endian_groups_cut_short_are_what_vims_tests_now_expect() throws IOException {
        Path test = file("XXDfile", TEST);
        String name = test.toString().replaceAll("[^A-Za-z0-9]", "_");
        // test 19 (the installed xxd 2022-01-14 predates -i -b)
        assertEquals("unsigned char " + name + "[] = {\n"
                + "  0b01010100, 0b01000101, 0b01010011, 0b01010100, 0b01100001, 0b01100010,\n"
                + "  0b01100011, 0b01100100, 0b00110000, 0b00111001, 0b00001010\n"
                + "};\nunsigned int " + name + "_len = 11;\n", text(dump("--include --bits", test)));
        // Test_xxd_little_endian_with_cols (the installed xxd garbles these lines)
        assertEquals("00000000: 44434241     4645  ABCDEF\n00000006:       0a           .\n",
                text(dump("-e -c6", file("Xxdin", "ABCDEF\n".getBytes(StandardCharsets.US_ASCII)))));
        assertTrue(text(dump("-e -c9", file("Xxdin", "ABCDEFGHI\n".getBytes(StandardCharsets.US_ASCII))))
                .startsWith("00000000: 44434241 48474645       49  ABCDEFGHI\n"));
        // Test_xxd_bit_dump
        assertEquals("00000000: 00110001 00110010 00110011 00110100 00110101 00110110  123456\n",
                text(dump("--bits", file("Xxdin", "123456".getBytes(StandardCharsets.US_ASCII)))));
    }

    /**
     * Test_xxd_color: the class of every byte 0-255 as vim's test expects 'xxd -R always -c 4' to colour
     * it. shm marks runs of a class rather than each group, so the escapes fall elsewhere; the palette
     * (which SGR code each byte gets) is the same.
     */
    @Test
    void colour_follows_the_palette_of_xxd_minus_r() throws IOException {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        all[0x27] = 0; // vim's test writes 0x00 for the apostrophe and the backslash
        all[0x5c] = 0;
        String dump = text(dump("--color always -c 4", file("XXDfile", all)));
        Pattern digits = Pattern.compile("\033\\[([0-9;]+)m|([0-9a-f]{2})");
        int b = 0;
        for (String line : dump.split("\n")) {
            String hex = line.substring(10, line.indexOf("\033[0m") + 4);
            String code = null;
            Matcher m = digits.matcher(hex);
            while (m.find()) {
                if (m.group(1) != null) {
                    code = m.group(1);
                } else {
                    int v = all[b++] & 0xff;
                    String vim = v == 0 ? "1;37" : v > 31 && v < 127 ? "1;32" : v == 9 || v == 10 || v == 13 ? "1;33"
                            : v == 255 ? "1;34" : "1;31";
                    assertEquals(vim, code, "byte 0x" + Integer.toHexString(v));
                }
            }
            assertTrue(line.endsWith("\033[0m"), "every line ends with the colour reset: " + line);
        }
        assertEquals(256, b);
    }

    @Test
    void vims_reverse_tests_write_what_xxd_minus_r_writes() throws IOException {
        // test 2: a dump back to the lines
        reverse(new String(peer("xxd %f", file("XXDfile", THIRTY)), StandardCharsets.US_ASCII), "", "", THIRTY.length);
        // test 9: offsets moved back by -s -0x10000
        reverse("010000: 41\n", "-s -0x10000", "--offset -0x10000", 1);
        // test 11 (without its text, which xxd -r -p takes apart as garbage): a tab, upper case, a carriage return
        reverse(" 54455354\t610B6364 30390A\r\n", "-p", "", 11);
        // test 12: a tab between groups, a text column, a carriage return, and -seek 5
        reverse("00000000: 54455354\t610B6364 30390A             TESTa.bcd09.\r\n", "-seek 5", "--offset 5", 16);
        // Test_xxd_patch: patches over '::::::::', short offsets, trailing blanks, offsets with a leading zero
        for (String patch : new String[] {"2: 41 41\n8: 42 42\n", "2: 43 43 \n8: 44 44\n", "2: 45 45  \n8: 46 46\n",
                "2: 41 41\n08: 42 42\n", "2: 43 43 \n09: 44 44\n", "2: 45 45  \n0a: 46 46\n"}) {
            reverse(patch, "", "", 12);
        }
        // the lone digit xxd -r leaves out, at the end of a line
        reverse("00000000: 4142 434\n", "", "", 4);
    }

    /**
     * Where xxd -r reads a text column as bytes: after a lone digit it takes two blanks for one, and
     * 'AB' of the text becomes the byte 0xab. shm leaves the digit out and stops at the two blanks.
     */
    @Test
    void a_lone_digit_before_the_text_column_does_not_turn_the_text_into_bytes() throws IOException {
        String dump = "00000000: 4142 434  ABC\n";
        Path byXxd = file("byxxd", new byte[4]);
        shm.exec(List.of("xxd", "-r", file("in", dump.getBytes(StandardCharsets.US_ASCII)).toString(), byXxd.toString()), null);
        assertArrayEquals(new byte[] {0x41, 0x42, 0x43, (byte) 0xab}, Files.readAllBytes(byXxd), "xxd -r as it is");
        Path byShm = file("byshm", new byte[4]);
        CommandRun write = shm.runWithInput(dump.getBytes(StandardCharsets.US_ASCII), "write", byShm.toString(), "--from-dump");
        assertEquals(0, write.exit(), write::toString);
        assertTrue(write.err().contains("note: line 1 of the dump ends in a lone hex digit"), write::toString);
        assertArrayEquals(new byte[] {0x41, 0x42, 0x43, 0}, Files.readAllBytes(byShm));
    }

    /** xxd -r and shm write --from-dump patch two copies of the same file with {@code dump}: the copies must agree. */
    private void reverse(String dump, String xxdOptions, String shmOptions, int size) throws IOException {
        byte[] before = new byte[size];
        Arrays.fill(before, (byte) ':');
        Path patch = file("Xxxdin", dump.getBytes(StandardCharsets.ISO_8859_1));
        Path byXxd = file("byxxd", before);
        Path byShm = file("byshm", before);
        CommandRun xxd = shm.exec(words("xxd -r " + xxdOptions + " %f " + byXxd, patch), null);
        assertEquals(0, xxd.exit(), xxd::toString);
        CommandRun write = shm.runWithInput(dump.getBytes(StandardCharsets.ISO_8859_1),
                words("write %f --from-dump " + shmOptions, byShm).toArray(String[]::new));
        assertEquals(0, write.exit(), write::toString);
        assertEquals(text(Files.readAllBytes(byXxd)), text(Files.readAllBytes(byShm)), dump);
    }

    @Test
    void what_xxd_minus_r_takes_apart_as_garbage_is_refused_in_one_line_and_writes_nothing() throws IOException {
        for (String dump : new String[] {"\n\r xxxx 0: 42 42",                            // Test_xxd_ignore_garbage
                " 54455354\t610B6364 30390A             TESTa\r\n",                      // test 11 with its text
                "00000000: 01000001 01100010  Ab\n00000002:  zz\n"}) {
            Path target = file("target", new byte[16]);
            CommandRun write = shm.runWithInput(dump.getBytes(StandardCharsets.ISO_8859_1), "write", target.toString(),
                    "--from-dump");
            assertEquals(2, write.exit(), write::toString);
            assertTrue(write.errLines().get(0).startsWith("shm: write: line "), write::toString);
            assertTrue(write.errLines().size() == 1 || write.errLines().get(1).startsWith("Try "), write::toString);
            assertArrayEquals(new byte[16], Files.readAllBytes(target));
        }
    }

    @Test
    void a_dump_through_xxd_minus_r_and_back_through_write_from_dump_is_the_same_bytes() throws IOException {
        Path source = file("source", RUNS);
        for (String options : new String[] {"", "--squeeze", "-u", "-c 8 -g 1", "-a -c 32 -g 0"}) {
            byte[] dump = dump(options, source);
            CommandRun xxd = shm.exec(List.of("xxd", "-r", "-c", options.contains("32") ? "32" : "16"), dump);
            assertArrayEquals(RUNS, xxd.outBytes(), "shm dump " + options + " | xxd -r");
        }
        for (String options : new String[] {"", "-a", "-u -c 12 -g 4", "-p", "-p -c 7", "-g 1 -c 5"}) {
            Path target = file("target", new byte[RUNS.length]);
            CommandRun write = shm.runWithInput(peer("xxd " + options + " %f", source), "write", target.toString(), "--from-dump");
            assertEquals(0, write.exit(), write::toString);
            assertArrayEquals(RUNS, Files.readAllBytes(target), "xxd " + options + " | shm write --from-dump");
        }
    }

    // ---- hexdump -C ----------------------------------------------------------------------------

    @Test
    void util_linux_hexdump_canonical_cases_print_what_hexdump_prints() throws IOException {
        for (byte[] bytes : new byte[][] {ASCII_IN, RUNS, TEST, new byte[0], new byte[100]}) {
            same(bytes,
                    "hexdump -C %f|--canonical --squeeze",                  // util-linux's "canon"
                    "hexdump -C -v %f|--canonical",
                    "hexdump -C -s 97 -n 555 %f|-C -a -o 97 -l 555",
                    "hexdump -C -s 30 %f|-C -a -o 30", "hexdump -C -n 17 %f|-C -a -l 17",
                    // the end of the data: hexdump still prints its offset line, except for -n 0
                    "hexdump -C -s 5000 %f|-C -a -o 5000", "hexdump -C -n 5000 %f|-C -a -l 5000",
                    "hexdump -C -s 5 -n 0 %f|-C -a -o 5 -l 0");
        }
    }

    // ---- od ------------------------------------------------------------------------------------

    /** Floats of every kind: zeros, subnormals, the largest, infinities, NaNs of both signs, and ordinary ones. */
    static byte[] floats() {
        float[] f = {0f, -0f, 1f, -1f, 0.1f, 1e-40f, -1e-45f, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.NaN, 1.5f, 1e5f, 1e6f, 123456.7f, 1e-5f, 2.5e-4f, 0.00012345678f};
        double[] d = {0, -0d, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
                0.1, 1d / 3, 1e16, 1e15, 123456789012345.6, 1e-5, 1e100, -2.5e-300};
        ByteBuffer buffer = ByteBuffer.allocate(4 * f.length + 8 + 8 * d.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : f) {
            buffer.putFloat(v);
        }
        buffer.putInt(0xffc00000).putInt(1);
        for (double v : d) {
            buffer.putDouble(v);
        }
        buffer.putLong(0xfff8000000000000L);
        return buffer.array();
    }

    @Test
    void typed_columns_print_what_od_prints() throws IOException {
        List<String> rows = new ArrayList<>();
        for (String type : new String[] {"d1", "d2", "d4", "d8", "u1", "u2", "u4", "o1", "o2", "o4", "o8", "x1", "x2", "x4",
                "x8", "f4", "f8"}) {
            for (String radix : new String[] {"x", "d", "o", "n"}) {
                rows.add("od -v -A " + radix + " -t " + type + " %f|--as " + type + " --radix " + radix);
            }
        }
        rows.add("od -v -t u8 %f|--as u64");                      // shm's u8 is one byte; od's eight-byte one is u64
        rows.add("od -v -t uL %f|--as uL");
        rows.add("od -v -t u4 %f|--as u32");
        rows.add("od -v -t d2 %f|--as i16");
        rows.add("od -v -t f4 %f|--as f32");
        rows.add("od -v --endian=big -t x4 %f|--as x4be");
        rows.add("od -v --endian=big -t d2 %f|--as i16be");
        rows.add("od -v -A x -t u4 -j 190 %f|--as u4 --radix x -o 190");
        rows.add("od -v -t x4 -j 17 -N 50 -w8 %f|--as x4 -o 17 -l 50 -c 8");
        rows.add("od -A x -t x4 %f|--as x4 --radix x --squeeze");
        rows.add("od -A d -t u1 -w4 %f|--as u1 --radix d -a -c 4");
        rows.add("od -t x2 -j 1000 %f|--as x2 -o 1000");           // at the end od prints the offset alone
        rows.add("od -t x2 -N 0 -j 3 %f|--as x2 -l 0 -o 3");
        same(RUNS, rows.toArray(String[]::new));
        same(floats(), "od -v -A x -t f4 %f|--as f4 --radix x", "od -v -A x -t f8 %f|--as f8 --radix x",
                "od -v -A x -t f4 -j 2 %f|--as f4 --radix x -o 2", "od -v -A x -t f8 -j 4 %f|--as f8 --radix x -o 4",
                "od -v -t fF %f|--as fF", "od -v -t fD -w8 %f|--as fD -c 8");
        same(new byte[0], "od -t x4 %f|--as x4", "od -A n -t x4 %f|--as x4 --radix n");
    }

    // ---- hexyl ---------------------------------------------------------------------------------

    @Test
    void the_border_layout_prints_what_hexyl_prints() throws IOException {
        byte[] classes = "\0\t\n\u000b\f\r ~\u007f\u001f\u0080\u00ffHello world".getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        mixed.write(RUNS, 600, 16);
        mixed.write(new byte[64]);
        mixed.write('a');
        mixed.write(new byte[32]);
        for (byte[] bytes : new byte[][] {RUNS, classes, new byte[16], new byte[48], new byte[0], mixed.toByteArray(), TEXT}) {
            List<String> rows = new ArrayList<>();
            for (String border : new String[] {"unicode", "ascii", "none"}) {
                rows.add("hexyl --color never -v --border " + border + " %f|--border " + border);
                rows.add("hexyl --color never --border " + border + " %f|--border " + border + " --squeeze");
                rows.add("hexyl --color always --border " + border + " %f|--border " + border + " --squeeze --color always");
                rows.add("hexyl --color never -v -o 0x100 --border " + border + " %f|--border " + border
                        + " --display-offset 0x100");
            }
            rows.add("hexyl --color never -s 5 %f|--border unicode -a -o 5");
            rows.add("hexyl --color never -s 5 -n 40 %f|--border unicode -a -o 5 -l 40");
            rows.add("hexyl --color never -s 5 -o 0x100 %f|--border unicode -a -o 5 --display-offset 0xfb");
            same(bytes, rows.toArray(String[]::new));
        }
    }
}
