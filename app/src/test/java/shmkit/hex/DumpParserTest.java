package shmkit.hex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import shmkit.ShmException;

/** Dumps read back: every layout the dumper prints, the forms other tools print, and what is refused. */
class DumpParserTest {
    private static DumpParser.Extent parse(String dump, long base, long limit, DumpParser.Sink sink) {
        try {
            return DumpParser.parse(new ByteArrayInputStream(dump.getBytes(StandardCharsets.ISO_8859_1)), base, limit, "'t'", sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DumpParser.Extent parse(String dump, long base, long limit) {
        return parse(dump, base, limit, DumpParser.Sink.NONE);
    }

    /** The bytes a dump writes into a zero-filled target of {@code size} bytes. */
    private static byte[] apply(String dump, long base, int size) {
        byte[] target = new byte[size];
        parse(dump, base, size, DumpParser.writingTo((offset, bytes, from, length) -> System.arraycopy(bytes, from, target, (int) offset, length)));
        return target;
    }

    private static String refused(String dump, long limit) {
        ShmException e = assertThrows(ShmException.class, () -> parse(dump, 0, limit));
        assertEquals(ShmException.USAGE, e.status());
        return e.getMessage();
    }

    /** Runs of one repeated line at the start, in the middle and at the end, random bytes between, a partial tail. */
    static byte[] runs(int tail) {
        byte[] bytes = new byte[16 * 40 + tail];
        new Random(9).nextBytes(bytes);
        Arrays.fill(bytes, 0, 16 * 6, (byte) 0x5a);
        Arrays.fill(bytes, 16 * 12, 16 * 20, (byte) 0);
        Arrays.fill(bytes, 16 * 30, 16 * 40 + (tail == 16 ? 16 : 0), (byte) 0x11);
        return bytes;
    }

    private static String dump(HexDumper.Builder builder, byte[] bytes, long offset) {
        return new String(builder.build().dump(bytes, offset), StandardCharsets.ISO_8859_1);
    }

    @Test
    void every_layout_round_trips_squeezed_or_not_with_or_without_a_partial_tail() {
        HexDumper.Builder[] builders = {HexDumper.builder(), HexDumper.builder().squeeze(true),
                HexDumper.builder().layout(HexDumper.Layout.CANONICAL), HexDumper.builder().layout(HexDumper.Layout.CANONICAL).squeeze(true),
                HexDumper.builder().cols(7).group(3).squeeze(true), HexDumper.builder().cols(32).group(0).squeeze(true),
                HexDumper.builder().color(true).squeeze(true), HexDumper.builder().layout(HexDumper.Layout.PLAIN),
                HexDumper.builder().layout(HexDumper.Layout.PLAIN).cols(0)};
        for (int tail : new int[] {0, 5, 16}) {
            byte[] bytes = runs(tail);
            for (HexDumper.Builder builder : builders) {
                boolean plain = dump(builder, new byte[1], 0).indexOf(':') < 0 && dump(builder, new byte[1], 0).indexOf('|') < 0;
                String text = dump(builder, bytes, plain ? 0 : 100);
                byte[] back = apply(text, plain ? 100 : 0, 100 + bytes.length);
                assertArrayEquals(bytes, Arrays.copyOfRange(back, 100, back.length), text);
            }
        }
    }

    @Test
    void squeezed_dumps_hand_a_run_over_as_one_line_and_a_count() {
        byte[] zeros = new byte[1 << 20];
        List<String> calls = new ArrayList<>();
        DumpParser.Extent extent = parse(dump(HexDumper.builder().squeeze(true), zeros, 0), 0, zeros.length, new DumpParser.Sink() {
            @Override
            public void data(long at, byte[] bytes, int from, int length) {
                calls.add("data " + at + " " + length);
            }

            @Override
            public void repeat(long at, byte[] line, int length, long times) {
                calls.add("repeat " + at + " " + length + "x" + times);
            }
        });
        assertEquals(List.of("data 0 16", "repeat 16 16x65534", "data 1048560 16"), calls);
        assertEquals(new DumpParser.Extent(0, zeros.length, zeros.length), extent);
    }

    @Test
    void consecutive_lines_reach_the_sink_joined_into_pieces() {
        byte[] bytes = new byte[3 * DumpParser.PIECE + 100];
        new Random(4).nextBytes(bytes);
        List<long[]> pieces = new ArrayList<>();
        byte[] back = new byte[bytes.length];
        parse(dump(HexDumper.builder(), bytes, 0), 0, bytes.length, new DumpParser.Sink() {
            @Override
            public void data(long at, byte[] piece, int from, int length) {
                pieces.add(new long[] {at, length});
                System.arraycopy(piece, from, back, (int) at, length);
            }

            @Override
            public void repeat(long at, byte[] line, int length, long times) {
                throw new AssertionError("random bytes repeat no line");
            }
        });
        assertArrayEquals(bytes, back);
        assertEquals(4, pieces.size());
        assertEquals(DumpParser.PIECE, pieces.get(0)[1]);
    }

    @Test
    void reads_hexdump_minus_c_whose_star_runs_to_the_end_offset_line() {
        String hexdump = """
                00000000  61 61 61 61 61 61 61 61  61 61 61 61 61 61 61 61  |aaaaaaaaaaaaaaaa|
                *
                00000030
                """;
        byte[] expected = new byte[48];
        Arrays.fill(expected, (byte) 'a');
        assertArrayEquals(expected, apply(hexdump, 0, 48));
    }

    @Test
    void the_text_column_is_never_read_as_hex() {
        // the text 'abcdef' is all hex digits; only the hex column counts
        assertArrayEquals("abcdef\0\0".getBytes(StandardCharsets.US_ASCII),
                apply("00000000: 6162 6364 6566                           abcdef\n", 0, 8));
        assertArrayEquals("ab|cd\0".getBytes(StandardCharsets.US_ASCII),
                apply("00000000  61 62 7c 63 64                                    |ab|cd|\n00000005\n", 0, 6));
    }

    @Test
    void upper_case_digits_crlf_line_ends_and_colour_escapes_are_fine() {
        assertArrayEquals(new byte[] {(byte) 0xab, (byte) 0xcd, 0, 0},
                apply("00000000: \033[33mABCD\033[0m  \033[33m..\033[0m\r\n", 0, 4));
    }

    @Test
    void offsets_are_absolute_and_the_base_is_added() {
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 1, 2}, apply("00000003: 0102  ..\n", 2, 7));
        assertArrayEquals(new byte[] {0, 0, 1, 2}, apply("0102\n", 2, 4));
    }

    @Test
    void plain_hex_may_be_spaced_and_split_over_lines_but_not_mid_byte() {
        assertArrayEquals(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}, apply("dead\nbe ef\n", 0, 4));
        assertTrue(refused("dea dbeef\n", 10).contains("follows the word 'dea', which has an odd number of digits"));
    }

    @Test
    void a_plain_line_longer_than_any_dump_line_is_read_in_pieces() {
        byte[] bytes = new byte[DumpParser.MAX_LINE];
        new Random(2).nextBytes(bytes);
        String plain = dump(HexDumper.builder().layout(HexDumper.Layout.PLAIN).cols(0), bytes, 0);
        assertArrayEquals(bytes, apply(plain, 0, bytes.length));
    }

    @Test
    void refuses_malformed_lines_naming_the_line_number_and_the_line() {
        assertEquals("line 2 of the dump ('00000010: 4142 4g43  AB.C') has 'g' where a hex digit belongs (column 17)",
                refused("00000000: 4142  AB\n00000010: 4142 4g43  AB.C\n", 64));
        assertEquals("line 1 of the dump ('00000000: 4142 434 4344  ABC') has the group '434' with an odd number of "
                + "digits; each byte takes two", refused("00000000: 4142 434 4344  ABC\n", 64));
        assertTrue(refused("00000000: 4142\nhello\n", 64).startsWith("line 2 of the dump ('hello') is not a dump line"));
        assertTrue(refused("00000000: 41  A\n00000001x 42\n", 64)
                .startsWith("line 2 of the dump ('00000001x 42') has 'x' after its offset"));
        assertTrue(refused("00000000  41 424  |AB|\n", 64).contains("'424' where a byte of two hex digits belongs"));
        assertTrue(refused("0123456789abcdef0: 41\n", 64).contains("offset of 17 digits"));
        assertTrue(refused("hello\n", 64).contains("'h' (column 1), which is not a hex digit"));
        // hexdump's default layout (little-endian words, 7-digit offsets) is not plain hex, and is not taken for it
        assertTrue(refused("0000000 6548 6c6c 006f\n0000005\n", 64).contains("the word '0000000', which has an odd number"));
    }

    @Test
    void refuses_a_star_that_says_nothing_definite() {
        String line = "00000000: 6161 6161 6161 6161 6161 6161 6161 6161  aaaaaaaaaaaaaaaa\n";
        assertEquals("line 1 of the dump ('*') is a '*' with no line before it to repeat", refused("*\n" + line, 64));
        assertTrue(refused(line + "*\n", 64).startsWith("line 2 of the dump ('*') is the last"));
        assertTrue(refused(line + "*\n*\n", 64).contains("second '*' in a row"));
        assertTrue(refused(line + "*\n00000018: 41  a\n", 64)
                .contains("does not close the '*' on line 2: it must lie a whole number of 16-byte lines after 0x10"));
        assertTrue(refused("00000000  61 61  |aa|\n00000003\n", 64).contains("ends the dump at 0x3, but the line before ends at 0x2"));
    }

    @Test
    void refuses_bytes_that_land_outside_the_target_before_anything_is_written() {
        String dump = "00000000: 4142  AB\n00000010: 4142 4344  ABCD\n";
        ShmException e = assertThrows(ShmException.class, () -> parse(dump, 0, 18));
        assertEquals("line 2 of the dump ('00000010: 4142 4344  ABCD') puts 4 bytes at offset 0x10 (16), past the end of "
                + "'t' (18 bytes)", e.getMessage());
        assertTrue(refused("00000000: 4142  AB\n*\n00001000: 41  A\n", 64).contains("past the end of 't' (64 bytes)"));
        assertTrue(refused("ffffffffffffffff: 41  A\n", 64).contains("past the end"));
        ShmException based = assertThrows(ShmException.class, () -> parse("7ffffffffffffff0: 41  A\n", 0x100, 64));
        assertTrue(based.getMessage().contains("offset 0x7ffffffffffffff0 + --offset 256, past the end"), based::getMessage);
    }

    /** The reverse cases of vim's test_xxd.vim (tests 2, 9, 11, 12 and Test_xxd_patch), as xxd -r reads them. */
    @Test
    void reads_what_xxd_minus_r_reads_in_vims_tests() {
        // test 12: a tab between groups, upper-case digits, many spaces before the text, a carriage return
        assertArrayEquals(bytes("0000000000 54455354 610B6364 30390A"),
                apply("00000000: 54455354\t610B6364 30390A             TESTa.bcd09.\r\n", 5, 16));
        // test 11 without its text: plain hex with a leading space and a tab
        assertArrayEquals(bytes("54455354 610B6364 30390A"), apply(" 54455354\t610B6364 30390A\r\n", 0, 11));
        // test 9: a six-digit offset moved back by -s -0x10000
        assertArrayEquals(new byte[] {'A'}, apply("010000: 41\n", -0x10000, 1));
        // Test_xxd_patch: short offsets, one byte a group, trailing blanks, lines out of order, gaps left alone
        byte[] target = "::::::::::::".getBytes(StandardCharsets.US_ASCII);
        parse("2: 45 45  \n8: 46 46\n0a: 47 \n", 0, 12, DumpParser.writingTo((at, b, from, n) -> System.arraycopy(b, from, target, (int) at, n)));
        assertEquals("::EE::::FFG:", new String(target, StandardCharsets.US_ASCII));
    }

    @Test
    void a_lone_digit_ending_the_bytes_is_left_out_as_xxd_does_and_noted() {
        DumpParser.Extent extent = parse("00000000: 4142 434  ABC\n", 0, 8);
        assertEquals(3, extent.bytes());
        assertEquals("line 1 of the dump ends in a lone hex digit, which is half a byte: left out, as xxd -r leaves it",
                extent.note());
        assertArrayEquals(bytes("414243 00"), apply("00000000: 4142 434\n", 0, 4));
        assertArrayEquals(bytes("dead"), apply("dead b\n", 0, 2));
        assertTrue(parse("dead b\n", 0, 2).note().contains("line 1"));
        assertTrue(refused("dead b\nef\n", 8).contains("follows the word 'b' on line 1, which has an odd number of digits"));
        assertEquals(null, parse("00000000: 4142  AB\n", 0, 8).note());
    }

    @Test
    void refuses_what_xxd_minus_r_would_guess_at() {
        // xxd -r skips what it does not read; each of these would write something that may not be meant
        assertTrue(refused("\r xxxx 0: 42 42\n", 8).contains("has '\\x0d' (column 1), which is not a hex digit"));
        assertTrue(refused("00000000: 4142  AB\n xxxx 0: 42 42\n", 8).contains("is not a dump line"));
        assertTrue(refused("00000000:  4142  AB\n", 8).contains("has no bytes before its text column"));
        assertTrue(refused(" 54455354\t610B6364 30390A             TESTa\n", 16).contains("'T' (column 39), which is not a hex digit"));
        assertTrue(refused("00000000: 41,42  AB\n", 8).contains("has ',' where a hex digit belongs"));
    }

    @Test
    void bit_and_little_endian_dumps_are_refused_rather_than_written_wrong() {
        byte[] bytes = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".getBytes(StandardCharsets.US_ASCII);
        for (HexDumper.Builder builder : new HexDumper.Builder[] {HexDumper.builder().bits(true),
                HexDumper.builder().littleEndian(true), HexDumper.builder().littleEndian(true).group(2),
                HexDumper.builder().littleEndian(true).group(8).upper(true)}) {
            String dump = dump(builder, bytes, 0);
            String message = refused(dump, 64);
            assertTrue(message.contains("is a bit dump") || message.contains("is a little-endian dump"), message);
        }
        // bytes 0 and 1 in groups of four (an array of booleans) are hex, and read as such
        byte[] booleans = {0, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1};
        assertArrayEquals(booleans, apply(dump(HexDumper.builder().group(4), booleans, 0), 0, 16));
        // a dump edited in its digits alone still says what it means
        assertArrayEquals(bytes("4143"), apply("00000000: 4143  AB\n", 0, 2));
        assertArrayEquals(bytes("4143 4445 4647 4849 4a4b 4c4d 4e4f 5051"),
                apply("00000000: 4143 4445 4647 4849 4a4b 4c4d 4e4f 5051  ABDEFGHIJKLMNOPQ\n", 0, 16));
    }

    @Test
    void a_negative_base_moves_offsets_back_and_never_before_the_start() {
        assertArrayEquals(bytes("0041"), apply("00000011: 41\n", -0x10, 2));
        ShmException before = assertThrows(ShmException.class, () -> parse("00000004: 41\n", -0x10, 64));
        assertTrue(before.getMessage().contains("(-12), before the start of 't'"), before::getMessage);
        ShmException plain = assertThrows(ShmException.class, () -> parse("4142\n", -4, 64));
        assertTrue(plain.getMessage().contains("plain hex, which has no offsets for --offset -4 to move back"), plain::getMessage);
    }

    @Test
    void a_dump_past_the_end_is_read_to_its_end_to_say_how_far_to_grow_and_gives_the_sink_nothing_more() {
        List<String> calls = new ArrayList<>();
        ShmException e = assertThrows(ShmException.class, () -> DumpParser.parse(new ByteArrayInputStream(
                "00000000: 4142  AB\n00000010: 4142  AB\n*\n00000100: 41  A\n".getBytes(StandardCharsets.US_ASCII)),
                0, 17, "'t'", new DumpParser.Sink() {
                    @Override
                    public void data(long at, byte[] bytes, int from, int length) {
                        calls.add("data " + at);
                    }

                    @Override
                    public void repeat(long at, byte[] line, int length, long times) {
                        calls.add("repeat " + at);
                    }
                }, size -> "shm resize t --size " + size));
        assertEquals("line 2 of the dump ('00000010: 4142  AB') puts 2 bytes at offset 0x10 (16), past the end of 't' "
                + "(17 bytes); the dump reaches 257 bytes: to write it, grow 't' first: shm resize t --size 257", e.getMessage());
        assertEquals(List.of(), calls, "the first line was still joining its piece: nothing reached the sink");
    }

    private static byte[] bytes(String hex) {
        return Hex.parse(hex);
    }

    @Test
    void an_empty_or_blank_dump_writes_nothing() {
        assertTrue(parse("", 0, 0).isEmpty());
        assertTrue(parse("\n  \n", 0, 0).isEmpty());
    }
}
