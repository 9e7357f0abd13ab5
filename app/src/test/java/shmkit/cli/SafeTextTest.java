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
}
