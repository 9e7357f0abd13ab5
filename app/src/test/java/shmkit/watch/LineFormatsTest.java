package shmkit.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineFormatsTest {
    private static WatchedBytes bytes(String text, int size) {
        byte[] raw = new byte[size];
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, raw, 0, utf8.length);
        return WatchedBytes.of(raw);
    }

    @Test
    void text_is_the_bytes_up_to_the_first_nul() {
        assertEquals("msg 5", LineFormats.TEXT.format(bytes("msg 5\0old tail", 32)));
        assertEquals("", LineFormats.TEXT.format(bytes("", 8)));
        assertEquals("héllo", LineFormats.TEXT.format(bytes("héllo", 6)), "no NUL: the whole range");
    }

    @Test
    void every_format_makes_one_line_that_cannot_drive_a_terminal() {
        WatchedBytes nasty = bytes("two\nlines \u001b[2J\r", 20);
        for (LineFormat format : new LineFormat[] {LineFormats.TEXT, LineFormats.ESCAPED, LineFormats.HEX}) {
            String line = format.format(nasty);
            assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u001b"), line);
        }
        assertEquals("two\\nlines \\x1b[2J\\x0d", LineFormats.TEXT.format(nasty));
    }

    @Test
    void escaped_shows_every_byte_and_hex_two_digits_a_byte() {
        assertEquals("ok\\0\\0\\xff", LineFormats.ESCAPED.format(WatchedBytes.of(new byte[] {'o', 'k', 0, 0, (byte) 0xff})));
        assertEquals("6f6b0000ff", LineFormats.HEX.format(WatchedBytes.of(new byte[] {'o', 'k', 0, 0, (byte) 0xff})));
    }
}
