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

    // ---- the kinds without a folder

    @Test
    void reads_the_names_of_system_v_segments_by_key_in_hex_or_decimal_and_by_id() {
        assertEquals(new SegmentName.SysvKey(0x5d000a1b), SegmentName.parse("sysv:0x5d000a1b", DIR).target());
        assertEquals(new SegmentName.SysvKey(0xffffffff), SegmentName.parse("sysv:0xFFFFFFFF", DIR).target());
        assertEquals(new SegmentName.SysvKey(1234), SegmentName.parse("sysv:1234", DIR).target());
        assertEquals(new SegmentName.SysvId(32769), SegmentName.parse("sysv:id:32769", DIR).target());
        SegmentName name = SegmentName.parse("sysv:id:0", DIR);
        assertEquals(SegmentName.Kind.SYSV, name.kind());
        assertFalse(name.isFile());
        assertFalse(name.named());
        assertEquals(null, name.path());
    }

    @Test
    void reads_the_names_of_a_processs_descriptor_and_mapping_and_of_a_memfd() {
        SegmentName fd = SegmentName.parse("pid:1234:fd:7", DIR);
        assertEquals(new SegmentName.ProcessFd(1234, 7), fd.target());
        assertEquals(Path.of("/proc/1234/fd/7"), fd.path());
        assertTrue(fd.inProcess());
        assertEquals(new SegmentName.ProcessMapping(1234, 0x7f3a1c000000L), SegmentName.parse("pid:1234@0x7f3a1c000000", DIR).target());
        assertEquals(new SegmentName.ProcessMapping(1234, 0x7f3a1c000000L), SegmentName.parse("pid:1234@7f3a1c000000", DIR).target());
        assertEquals(new SegmentName.Memfd("wl_shm"), SegmentName.parse("memfd:wl_shm", DIR).target());
        assertEquals(new SegmentName.Memfd("a:b c"), SegmentName.parse("memfd:a:b c", DIR).target());
        assertEquals(SegmentName.Kind.MAPPING, SegmentName.parse("pid:1@0x1000", DIR).kind());
    }

    /** A prefix is a kind only in that kind's form: anything else stays the POSIX name it always was. */
    @ParameterizedTest
    @ValueSource(strings = {"sysv:notes", "sysv:", "sysv:0x", "sysv:0x123456789", "sysv:-1", "sysv:id:", "sysv:id:x",
        "sysv:4294967296", "pid:", "pid:abc", "pid:12", "pid:12:fd:", "pid:12:fd:x", "pid:12@", "pid:12@0xzz",
        "pid:12@0x12345678901234567", "memfd:", "a:b", "posix:", "PID:1:fd:2", "Sysv:0x10"})
    void a_name_with_a_colon_that_is_not_in_a_kinds_form_is_a_posix_name(String arg) {
        SegmentName name = SegmentName.parse(arg, DIR);
        assertEquals(DIR.resolve(arg), name.path());
        assertTrue(name.named());
        assertEquals(SegmentName.Kind.POSIX, name.kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sysv:0x5d000a1b", "pid:1234:fd:7", "memfd:x", "posix:y", "a:b"})
    void posix_prefix_reaches_any_posix_name_even_one_that_looks_like_a_kind(String posix) {
        SegmentName name = SegmentName.parse("posix:" + posix, DIR);
        assertEquals(DIR.resolve(posix), name.path());
        assertTrue(name.named());
        assertEquals("'posix:" + posix + "'", name.toString());
    }

    @Test
    void a_path_with_a_slash_is_a_file_whatever_its_prefix() {
        assertEquals(Path.of("sysv:0x10/x"), SegmentName.parse("sysv:0x10/x", DIR).path());
        assertEquals(Path.of("./memfd:x"), SegmentName.parse("./memfd:x", DIR).path());
        assertFalse(SegmentName.parse("./pid:1:fd:2", DIR).named());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sysv:0", "sysv:0x0", "sysv:0x00000000", "pid:0:fd:1", "pid:0@0x1000", "pid:99999999:fd:1"})
    void refuses_a_kinds_name_that_can_name_nothing_saying_what_to_type(String arg) {
        ShmException e = assertThrows(ShmException.class, () -> SegmentName.parse(arg, DIR));
        assertEquals(ShmException.USAGE, e.status());
        assertTrue(e.getMessage().contains(arg), e.getMessage());
    }

    @Test
    void key_zero_is_ipc_private_and_the_refusal_points_at_the_id() {
        ShmException e = assertThrows(ShmException.class, () -> SegmentName.parse("sysv:0x0", DIR));
        assertTrue(e.getMessage().contains("IPC_PRIVATE") && e.getMessage().contains("sysv:id:ID"), e.getMessage());
    }

    @Test
    void a_posix_name_not_found_that_starts_like_a_kind_says_that_kinds_forms() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        ShmException e = assertThrows(ShmException.class, () -> Segments.open(SegmentName.parse("pid:1234:@0x7f00", dir)));
        assertEquals(ShmException.Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().endsWith("; a process's memory is named pid:PID:fd:N or pid:PID@0xADDR"), e.getMessage());
        ShmException plain = assertThrows(ShmException.class, () -> Segments.open(SegmentName.parse("no-such-segment-x", dir)));
        assertTrue(plain.getMessage().endsWith(")"), plain.getMessage());
    }
}
