package shmkit.hex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dumper's output, golden: every text here is what xxd 2022-01-14 or hexdump -C printed for the same bytes. */
class HexDumperTest {
    static final byte[] SAMPLE = "Hello, world!\n\0\1\u007f\u0080\u00ff abcdefghijklmnopqrstuvwxyz"
            .getBytes(StandardCharsets.ISO_8859_1);

    private static String dump(HexDumper.Builder builder, byte[] bytes, long offset) {
        return new String(builder.build().dump(bytes, offset), StandardCharsets.ISO_8859_1);
    }

    private static String xxd(byte[] bytes) {
        return dump(HexDumper.builder(), bytes, 0);
    }

    @Test
    void prints_xxds_default_layout_with_a_padded_last_line() {
        assertEquals("""
                00000000: 4865 6c6c 6f2c 2077 6f72 6c64 210a 0001  Hello, world!...
                00000010: 7f80 ff20 6162 6364 6566 6768 696a 6b6c  ... abcdefghijkl
                00000020: 6d6e 6f70 7172 7374 7576 7778 797a       mnopqrstuvwxyz
                """, xxd(SAMPLE));
    }

    @Test
    void lines_start_at_the_offset_given_not_at_a_multiple_of_16() {
        byte[] part = java.util.Arrays.copyOfRange(SAMPLE, 5, 25);
        assertEquals("""
                00000005: 2c20 776f 726c 6421 0a00 017f 80ff 2061  , world!...... a
                00000015: 6263 6465                                bcde
                """, dump(HexDumper.builder(), part, 5));
    }

    @Test
    void columns_and_groups_follow_xxd() {
        byte[] part = java.util.Arrays.copyOf(SAMPLE, 20);
        assertEquals("""
                00000000: 48656c 6c6f2c 2077  Hello, w
                00000008: 6f726c 64210a 0001  orld!...
                00000010: 7f80ff 20           ...\s
                """, dump(HexDumper.builder().cols(8).group(3), part, 0));
        assertEquals("""
                00000000: 48656c6c6f2c20776f726c64210a0001  Hello, world!...
                00000010: 7f80ff20                          ...\s
                """, dump(HexDumper.builder().group(0), part, 0));
        assertEquals(dump(HexDumper.builder().group(0), part, 0), dump(HexDumper.builder().group(16), part, 0));
    }

    @Test
    void offsets_past_4_gib_take_more_digits_and_shift_the_line() {
        assertEquals("""
                fffffff8: 0000 0000 0000 0000 0000 0000 0000 0000  ................
                100000008: 0000 0000 0000 0000                      ........
                """, dump(HexDumper.builder(), new byte[24], 0xfffffff8L));
        assertEquals("""
                fffffff8  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|
                100000008  00 00 00 00 00 00 00 00                           |........|
                100000010
                """, dump(HexDumper.builder().layout(HexDumper.Layout.CANONICAL), new byte[24], 0xfffffff8L));
    }

    @Test
    void canonical_is_hexdump_minus_c_with_its_end_offset_line() {
        assertEquals("""
                00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 01  |Hello, world!...|
                00000010  7f 80 ff 20 61 62 63 64  65 66 67 68 69 6a 6b 6c  |... abcdefghijkl|
                00000020  6d 6e 6f 70 71 72 73 74  75 76 77 78 79 7a        |mnopqrstuvwxyz|
                0000002e
                """, dump(HexDumper.builder().layout(HexDumper.Layout.CANONICAL), SAMPLE, 0));
    }

    @Test
    void plain_is_xxd_minus_p() {
        assertEquals("""
                48656c6c6f2c20776f726c64210a00017f80ff206162636465666768696a
                6b6c6d6e6f707172737475767778797a
                """, dump(HexDumper.builder().layout(HexDumper.Layout.PLAIN), SAMPLE, 0));
        assertEquals("48656c6c6f\n", dump(HexDumper.builder().layout(HexDumper.Layout.PLAIN).cols(0),
                "Hello".getBytes(StandardCharsets.US_ASCII), 0));
    }

    @Test
    void nothing_to_dump_prints_nothing_in_every_layout() {
        for (HexDumper.Layout layout : HexDumper.Layout.values()) {
            assertEquals("", dump(HexDumper.builder().layout(layout), new byte[0], 0), layout::toString);
        }
        assertEquals("\n", dump(HexDumper.builder().layout(HexDumper.Layout.PLAIN).cols(0), new byte[0], 0),
                "but xxd -p -c 0 ends its one line, even an empty one");
    }

    /** 40 random bytes, 64 zeros, 8 random, 8 zeros then 32 zeros: zero runs in the middle and at the end. */
    static byte[] zeroRuns() {
        byte[] bytes = new byte[152];
        Random random = new Random(3);
        for (int i = 0; i < 40; i++) {
            bytes[i] = (byte) (random.nextInt(255) + 1);
        }
        for (int i = 104; i < 120; i++) {
            bytes[i] = (byte) (random.nextInt(255) + 1);
        }
        return bytes;
    }

    @Test
    void squeeze_follows_xxd_minus_a_where_only_zero_lines_repeat() {
        byte[] bytes = zeroRuns();
        String dump = dump(HexDumper.builder().squeeze(true), bytes, 0);
        String[] lines = dump.split("\n");
        // xxd -a: the first zero line, '*' for the rest, then the line that differs; the last line always shown
        assertEquals(9, lines.length, dump);
        assertEquals("*", lines[4], dump);
        assertTrue(lines[5].startsWith("00000060: 0000 0000 0000 0000 "), dump);
        assertTrue(lines[8].startsWith("00000090: 0000 0000 0000 0000    "), dump);
    }

    @Test
    void squeeze_stars_only_zero_lines_in_the_xxd_layout_and_any_repeat_in_the_canonical_one() {
        byte[] bytes = new byte[16 * 6];
        java.util.Arrays.fill(bytes, (byte) 'a');
        assertEquals(xxd(bytes), dump(HexDumper.builder().squeeze(true), bytes, 0),
                "xxd -a leaves lines that are not zeros, so xxd -r (which fills gaps with zeros) rebuilds them");
        assertEquals("""
                00000000  61 61 61 61 61 61 61 61  61 61 61 61 61 61 61 61  |aaaaaaaaaaaaaaaa|
                *
                00000060
                """, dump(HexDumper.builder().layout(HexDumper.Layout.CANONICAL).squeeze(true), bytes, 0));
    }

    @Test
    void a_short_run_is_printed_rather_than_starred_as_xxd_does() {
        byte[] two = new byte[16 * 3];
        two[40] = 1;
        assertEquals("""
                00000000: 0000 0000 0000 0000 0000 0000 0000 0000  ................
                00000010: 0000 0000 0000 0000 0000 0000 0000 0000  ................
                00000020: 0000 0000 0000 0000 0100 0000 0000 0000  ................
                """, dump(HexDumper.builder().squeeze(true), two, 0));
        assertEquals("""
                00000000: 0000 0000 0000 0000 0000 0000 0000 0000  ................
                00000010: 0000 0000 0000 0000 0000 0000 0000 0000  ................
                00000020: 0000 0000 0000 0000 0000 0000 0000 0000  ................
                """, dump(HexDumper.builder().squeeze(true), new byte[48], 0));
    }

    @Test
    void colour_uses_xxd_minus_r_palette_marks_each_change_of_class_and_resets_before_the_line_ends() {
        String dump = dump(HexDumper.builder().color(true), new byte[] {'A', 'B', ' ', 0, 0, (byte) 0xff, '\n', 1}, 0);
        String esc = "\033[";
        assertEquals("00000000: " + esc + "1;32m4142 20" + esc + "1;37m00 00" + esc + "1;34mff " + esc + "1;33m0a"
                + esc + "1;31m01" + esc + "0m" + " ".repeat(22) + esc + "1;32mAB " + esc + "1;37m.." + esc + "1;34m."
                + esc + "1;33m." + esc + "1;31m." + esc + "0m\n", dump);
        assertFalse(xxd(SAMPLE).contains("\033"));
    }

    @Test
    void a_line_split_across_writes_comes_out_as_if_written_whole() throws IOException {
        byte[] bytes = new byte[5000];
        new Random(11).nextBytes(bytes);
        for (HexDumper.Builder builder : new HexDumper.Builder[] {HexDumper.builder(), HexDumper.builder().cols(7).group(3),
                HexDumper.builder().layout(HexDumper.Layout.CANONICAL).squeeze(true),
                HexDumper.builder().layout(HexDumper.Layout.PLAIN), HexDumper.builder().color(true)}) {
            HexDumper dumper = builder.build();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            HexDumper.Session session = dumper.start(out, 3);
            Random sizes = new Random(5);
            for (int at = 0; at < bytes.length; ) {
                int n = Math.min(bytes.length - at, sizes.nextInt(40));
                session.write(bytes, at, n);
                at += n;
            }
            session.finish();
            assertArrayEquals(dumper.dump(bytes, 3), out.toByteArray());
        }
    }

    @Test
    void a_large_piece_comes_out_as_if_written_line_by_line_even_across_4_gib() throws IOException {
        byte[] bytes = new byte[(1 << 20) + 77];
        new Random(12).nextBytes(bytes);
        long offset = 0xfffffff0L - (1 << 19); // crosses 4 GiB, where offsets take a ninth digit
        for (HexDumper.Builder builder : new HexDumper.Builder[] {HexDumper.builder(), HexDumper.builder().cols(7).group(3),
                HexDumper.builder().layout(HexDumper.Layout.CANONICAL), HexDumper.builder().layout(HexDumper.Layout.PLAIN)}) {
            HexDumper dumper = builder.build();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            HexDumper.Session session = dumper.start(out, offset);
            for (int at = 0; at < bytes.length; at += 13) {
                session.write(bytes, at, Math.min(13, bytes.length - at));
            }
            session.finish();
            assertArrayEquals(out.toByteArray(), dumper.dump(bytes, offset));
        }
    }

    @Test
    void two_threads_print_what_one_prints_and_the_helper_ends_with_the_dump() throws IOException {
        byte[] bytes = new byte[(3 << 20) + 77];
        new Random(13).nextBytes(bytes);
        long offset = 0xffffffffL - (3 << 19); // the helper's units cross 4 GiB too
        for (HexDumper.Builder builder : new HexDumper.Builder[] {HexDumper.builder(), HexDumper.builder().cols(7).group(3),
                HexDumper.builder().layout(HexDumper.Layout.CANONICAL), HexDumper.builder().layout(HexDumper.Layout.PLAIN),
                HexDumper.builder().bits(true), HexDumper.builder().littleEndian(true).upper(true),
                HexDumper.builder().displayOffset(5).decimal(true)}) {
            byte[] one = builder.build().dump(bytes, offset);
            HexDumper two = builder.helperThread(true).build();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            HexDumper.Session session = two.start(out, offset);
            for (int at = 0; at < bytes.length; at += 1 << 20) {
                session.write(bytes, at, Math.min(1 << 20, bytes.length - at));
            }
            session.finish();
            assertArrayEquals(one, out.toByteArray());
        }
        long helpers = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("shm-dump-format")).count();
        for (int i = 0; i < 50 && helpers > 0; i++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            helpers = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("shm-dump-format")).count();
        }
        assertEquals(0, helpers, "every helper thread ended with its dump");
    }

    @Test
    void the_word_at_a_time_arithmetic_matches_the_tables() {
        Random random = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            int v = i < 256 ? i * 0x01010101 : random.nextInt();
            assertEquals(String.format("%08x", v), new String(java.nio.ByteBuffer.allocate(8).putLong(0, HexDumper.hex8(v))
                    .array(), StandardCharsets.US_ASCII));
        }
        for (int b = 0; b < 256; b++) {
            for (int at = 0; at < 8; at++) {
                long word = 0x4141414141414141L & ~(0xffL << 8 * at) | (long) b << 8 * at;
                long text = HexDumper.text8(word);
                char expected = b >= 0x20 && b <= 0x7e ? (char) b : '.';
                assertEquals(expected, (char) (text >>> 8 * at & 0xff), "byte " + b + " at " + at);
                assertEquals(0x4141414141414141L & ~(0xffL << 8 * at), text & ~(0xffL << 8 * at), "neighbours untouched");
            }
        }
    }

    @Test
    void settings_out_of_range_are_refused_when_built() {
        assertThrows(IllegalArgumentException.class, () -> HexDumper.builder().cols(0).build());
        assertThrows(IllegalArgumentException.class, () -> HexDumper.builder().littleEndian(true).group(3).build());
        assertThrows(IllegalArgumentException.class, () -> HexDumper.builder().bits(true).littleEndian(true).build());
        assertThrows(IllegalArgumentException.class,
                () -> HexDumper.builder().layout(HexDumper.Layout.CANONICAL).bits(true).build());
        assertThrows(IllegalArgumentException.class, () -> HexDumper.builder().cols(HexDumper.MAX_COLS + 1).build());
        assertThrows(IllegalArgumentException.class, () -> HexDumper.builder().group(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> HexDumper.builder().layout(HexDumper.Layout.PLAIN).squeeze(true).build());
    }
}
