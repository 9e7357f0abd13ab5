package shmkit.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shmkit.ShmException;

class SegmentNameTest {
    private static final Path DIR = Path.of("/dev/shm");

    @Test
    void a_bare_name_lives_in_the_shm_folder() {
        SegmentName name = SegmentName.parse("demo", DIR);
        assertEquals(Path.of("/dev/shm/demo"), name.path());
        assertTrue(name.named());
        assertEquals("'demo'", name.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"./demo", "/tmp/x.bin", "data/seg", "../up"})
    void an_argument_with_a_slash_is_a_file_path(String arg) {
        SegmentName name = SegmentName.parse(arg, DIR);
        assertEquals(Path.of(arg), name.path());
        assertFalse(name.named());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a\0b"})
    void refuses_names_that_cannot_be_segments(String arg) {
        ShmException e = assertThrows(ShmException.class, () -> SegmentName.parse(arg, DIR));
        assertEquals(ShmException.USAGE, e.status());
    }

    @Test
    void takes_a_name_of_255_bytes_and_refuses_256() {
        assertEquals(255, SegmentName.parse("n".repeat(255), DIR).arg().length());
        ShmException e = assertThrows(ShmException.class, () -> SegmentName.parse("n".repeat(256), DIR));
        assertTrue(e.getMessage().contains("256 bytes"), e.getMessage());
    }

    @Test
    void counts_the_limit_in_utf8_bytes_not_characters() {
        assertThrows(ShmException.class, () -> SegmentName.parse("é".repeat(128), DIR));
        assertEquals(127, SegmentName.parse("é".repeat(127), DIR).arg().length());
    }

    @Test
    void dot_names_other_than_dot_and_dotdot_are_fine() {
        assertEquals(Path.of("/dev/shm/.hidden"), SegmentName.parse(".hidden", DIR).path());
        assertEquals(Path.of("/dev/shm/..."), SegmentName.parse("...", DIR).path());
    }
}
