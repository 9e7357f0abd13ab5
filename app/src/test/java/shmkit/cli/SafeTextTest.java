package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import shmkit.text.SafeText;

class SafeTextTest {
    private static String safe(byte[] bytes) {
        SafeText text = new SafeText();
        StringBuilder out = new StringBuilder();
        text.append(bytes, 0, bytes.length, out);
        text.finish(out);
        return out.toString();
    }

    @Test
    void passes_text_newlines_and_tabs() {
        assertEquals("héllo\tworld\n€", safe("héllo\tworld\n€".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void escapes_nul_escape_and_other_control_bytes() {
        assertEquals("a\\0\\x1b[31mb\\x7f", safe(new byte[] {'a', 0, 0x1b, '[', '3', '1', 'm', 'b', 0x7f}));
    }

    @Test
    void escapes_bytes_that_are_not_utf8_and_c1_controls() {
        assertEquals("\\xff\\xc3(\\xc2\\x9b", safe(new byte[] {(byte) 0xff, (byte) 0xc3, '(', (byte) 0xc2, (byte) 0x9b}));
    }

    @Test
    void joins_a_character_split_across_chunks() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        SafeText text = new SafeText();
        StringBuilder out = new StringBuilder();
        text.append(euro, 0, 1, out);
        text.append(euro, 1, 1, out);
        text.append(euro, 2, 1, out);
        text.finish(out);
        assertEquals("€", out.toString());
    }

    @Test
    void escapes_a_truncated_character_at_the_end() {
        assertEquals("x\\xe2\\x82", safe(new byte[] {'x', (byte) 0xe2, (byte) 0x82}));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    @Test
    void escapes_every_byte_of_a_run_that_is_not_all_printable_utf8() {
        // de ad is U+07AD, a combining mark with nothing to combine with; be ef is not UTF-8
        assertEquals("\\xde\\xad\\xbe\\xef", safe(bytes(0xde, 0xad, 0xbe, 0xef)));
        // a valid character does not show when the bytes next to it are binary
        assertEquals("\\xc3\\xa9\\xff", safe(bytes(0xc3, 0xa9, 0xff)));
        // runs are decided apart: ASCII between them
        assertEquals("café \\xff!", safe(bytes('c', 'a', 'f', 0xc3, 0xa9, ' ', 0xff, '!')));
    }

    @Test
    void shows_characters_only_when_they_draw_something() {
        assertEquals("e\u0301 👨\u200d👩\u200d👧 日本", safe(utf8("e\u0301 👨\u200d👩\u200d👧 日本")));
        assertEquals("\\xcc\\x81", safe(utf8("\u0301")), "a combining mark with no character before it");
        assertEquals("\n\\xcc\\x81", safe(utf8("\n\u0301")), "nor after a newline");
        assertEquals("a\\xe2\\x80\\xae", safe(utf8("a\u202e")), "a bidi override");
        assertEquals("a\\xe2\\x80\\x8bb", safe(utf8("a\u200bb")), "a zero-width space");
        assertEquals("\\xee\\x80\\x80", safe(utf8("\ue000")), "private use");
        assertEquals("\\xcd\\xb8", safe(utf8("\u0378")), "unassigned");
        assertEquals("\\xe2\\x80\\xa8", safe(utf8("\u2028")), "a line separator");
        assertEquals("\\xef\\xbf\\xbe", safe(utf8("\ufffe")), "a noncharacter");
        assertEquals("\\xed\\xa0\\x80", safe(bytes(0xed, 0xa0, 0x80)), "a surrogate");
        assertEquals("\\xe0\\x80\\xaf", safe(bytes(0xe0, 0x80, 0xaf)), "an overlong /");
    }

    @Test
    void a_combining_mark_at_the_start_of_a_chunk_still_knows_what_came_before() {
        byte[] text = utf8("e\u0301");
        SafeText safe = new SafeText();
        StringBuilder out = new StringBuilder();
        safe.append(text, 0, 1, out);
        safe.append(text, 1, text.length - 1, out);
        safe.finish(out);
        assertEquals("e\u0301", out.toString());
    }

    @Test
    void a_long_run_of_text_is_shown_as_it_comes_and_escaped_from_its_first_bad_byte() {
        String cjk = "漢字".repeat(100); // 600 bytes, no ASCII
        assertEquals(cjk, safe(utf8(cjk)));
        byte[] spoiled = java.util.Arrays.copyOf(utf8(cjk), 601);
        spoiled[600] = (byte) 0xff;
        assertEquals(cjk + "\\xff", safe(spoiled));
        byte[] binary = new byte[600];
        java.util.Arrays.fill(binary, (byte) 0xff);
        assertEquals("\\xff".repeat(600), safe(binary));
    }

    @Test
    void the_same_bytes_give_the_same_text_however_they_are_cut_into_chunks() {
        java.util.Random random = new java.util.Random(19);
        String[] pieces = {"a", "é", "漢", "👩", "\u0301", "\n", "\u200d", "\u202e", " "};
        for (int round = 0; round < 2_000; round++) {
            java.io.ByteArrayOutputStream input = new java.io.ByteArrayOutputStream();
            for (int k = random.nextInt(40); k > 0; k--) {
                if (random.nextInt(4) == 0) {
                    input.write(0x80 + random.nextInt(0x80));
                } else {
                    input.writeBytes(utf8(pieces[random.nextInt(pieces.length)]));
                }
            }
            byte[] bytes = input.toByteArray();
            SafeText safe = new SafeText();
            StringBuilder out = new StringBuilder();
            for (int at = 0; at < bytes.length; ) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(5));
                safe.append(bytes, at, n, out);
                at += n;
            }
            safe.finish(out);
            assertEquals(safe(bytes), out.toString(), () -> java.util.HexFormat.ofDelimiter(" ").formatHex(bytes));
            for (char c : out.toString().toCharArray()) {
                if (c < 0x20 && c != '\n' && c != '\t' || c >= 0x7f && c < 0xa0) {
                    throw new AssertionError("a control character passed: " + (int) c);
                }
            }
        }
    }
}
