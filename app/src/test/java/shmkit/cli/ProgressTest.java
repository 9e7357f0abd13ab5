package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When progress shows and what it says; the drawing on a real terminal is ProgressIT's. */
class ProgressTest {
    private static final long GIB = 1L << 30;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Io io(boolean stderrTerminal) {
        return new Io(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), err,
                Map.of("COLUMNS", "100", "LANG", "C.UTF-8"), false, false, stderrTerminal);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void nothing_shows_when_stderr_is_not_a_terminal() {
        try (Progress progress = Progress.of(io(false), "create", 2 * GIB)) {
            assertFalse(progress.enabled());
            progress.accept(GIB);
            progress.accept(2 * GIB);
        }
        assertEquals("", err());
    }

    @Test
    void small_work_shows_nothing_even_on_a_terminal() {
        try (Progress progress = Progress.of(io(true), "create", GIB - 1)) {
            assertFalse(progress.enabled());
            progress.accept(GIB - 1);
        }
        assertEquals("", err());
    }

    @Test
    void big_work_on_a_terminal_ends_with_a_line_of_bytes_done_time_and_rate() {
        try (Progress progress = Progress.of(io(true), "create", 2 * GIB)) {
            assertTrue(progress.enabled());
            progress.accept(GIB);
            progress.accept(2 * GIB);
        }
        String last = err().substring(err().lastIndexOf('\r') + 1);
        assertTrue(last.startsWith("create 100%"), last);
        assertTrue(last.contains("2048/2048 MiB (0:00:"), last);
        assertTrue(last.endsWith("\n"), last);
        assertTrue(last.length() <= 100, "fits the terminal's 100 columns: " + last.length());
    }

    @Test
    void work_of_unknown_size_shows_only_once_a_gibibyte_has_passed() {
        try (Progress progress = Progress.of(io(true), "write", -1)) {
            progress.accept(GIB / 2);
            assertEquals("", err());
            progress.accept(3 * GIB / 2);
        }
        assertTrue(err().contains("1536/? MiB"), err());
    }

    @Test
    void a_counting_channel_reports_what_passes_through_it() throws IOException {
        ReadableByteChannel source = Channels.newChannel(new ByteArrayInputStream(new byte[1000]));
        try (Progress progress = Progress.of(io(true), "write", -1)) {
            ReadableByteChannel counted = progress.counting(source, GIB - 10);
            assertEquals(1000, counted.read(ByteBuffer.allocate(4096)));
        }
        assertTrue(err().contains("1024/? MiB"), err());
    }

    @Test
    void a_counting_channel_is_the_channel_itself_when_nothing_shows() {
        ReadableByteChannel source = Channels.newChannel(new ByteArrayInputStream(new byte[10]));
        assertTrue(Progress.of(io(false), "write", -1).counting(source, 0) == source);
    }
}
