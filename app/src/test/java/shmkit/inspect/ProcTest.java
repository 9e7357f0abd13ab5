package shmkit.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /proc reader against made-up /proc trees, so every case is exact and none depends on the machine. */
class ProcTest {
    @TempDir
    Path proc;

    private static final FileId DEMO = new FileId(0, 27, 37);
    private static final FileId OTHER = new FileId(0, 27, 38);

    private void process(long pid, String maps, String cmdline) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("maps"), maps);
        Files.writeString(dir.resolve("cmdline"), cmdline);
        Files.writeString(dir.resolve("comm"), "comm" + pid + "\n");
    }

    private static String line(String range, String perms, String offset, String dev, long inode, String path) {
        return range + " " + perms + " " + offset + " " + dev + " " + inode + "                    " + path + "\n";
    }

    @Test
    void finds_mappings_by_device_and_inode_whatever_the_path_says() throws IOException {
        process(100, line("7f0000000000-7f0000001000", "rw-s", "00000000", "00:1b", 37, "/dev/shm/demo")
                + line("7f0000002000-7f0000004000", "r--s", "00001000", "00:1b", 37, "/dev/shm/demo (deleted)")
                + line("7f0000005000-7f0000006000", "rw-s", "00000000", "00:1b", 37, "/some/bind/mount/of/demo")
                + line("7f0000007000-7f0000008000", "rw-s", "00000000", "00:1c", 37, "/dev/shm/demo")
                + line("7f0000009000-7f000000a000", "rw-p", "00000000", "00:00", 0, "[heap]")
                + line("7f000000b000-7f000000c000", "r-xp", "00000000", "fe:00", 123, "/usr/lib/libc.so.6"), "a\0b\0");
        process(200, line("7f0000000000-7f0000001000", "rw-s", "00000000", "00:1b", 38, "/dev/shm/other"), "x\0");

        MapScan scan = new Proc(proc, -1).scanMaps(List.of(DEMO, OTHER));

        List<Mapping> demo = scan.of(DEMO);
        assertEquals(3, demo.size(), demo::toString);
        assertEquals(new Mapping(100, 0x7f0000000000L, 0x7f0000001000L, "rw-s", 0, DEMO, "/dev/shm/demo", false), demo.get(0));
        Mapping deleted = demo.get(1);
        assertTrue(deleted.deleted());
        assertEquals("/dev/shm/demo", deleted.path());
        assertEquals(0x1000, deleted.offset());
        assertEquals(0x3000, deleted.fileEnd());
        assertEquals("/some/bind/mount/of/demo", demo.get(2).path());
        assertEquals(Set.of(100L), scan.pids(DEMO));
        assertEquals(Set.of(200L), scan.pids(OTHER));
        assertEquals(2, scan.processes());
        assertEquals(0, scan.hidden());
    }

    @Test
    void our_own_process_is_not_reported() throws IOException {
        process(100, line("7f0000000000-7f0000001000", "rw-s", "00000000", "00:1b", 37, "/dev/shm/demo"), "shm\0");
        assertTrue(new Proc(proc, 100).scanMaps(List.of(DEMO)).of(DEMO).isEmpty());
    }

    @Test
    void a_process_whose_maps_cannot_be_read_is_counted_as_hidden() throws IOException {
        // Even root may not read the maps of a protected process; /proc/1 is one on many machines.
        Path protectedMaps = Path.of("/proc/1/maps");
        boolean denied;
        try (var in = Files.newInputStream(protectedMaps)) {
            in.read();
            denied = false;
        } catch (AccessDeniedException e) {
            denied = true;
        }
        assumeTrue(denied, "every process's maps is readable here; ProcessIT covers hidden processes as another user");
        process(100, line("7f0000000000-7f0000001000", "rw-s", "00000000", "00:1b", 37, "/dev/shm/demo"), "a\0");
        Path hidden = Files.createDirectories(proc.resolve("300"));
        Path link = Files.createSymbolicLink(hidden.resolve("maps"), protectedMaps);
        MapScan scan;
        try {
            scan = new Proc(proc, -1).scanMaps(List.of(DEMO));
        } finally {
            Files.delete(link);
        }

        assertEquals(1, scan.hidden());
        assertEquals(1, scan.processes());
        assertEquals(Set.of(100L), scan.pids(DEMO));
    }

    @Test
    void a_process_that_exits_during_the_scan_is_neither_counted_nor_hidden() throws IOException {
        Files.createDirectories(proc.resolve("400")); // its maps is already gone
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("sys"));
        MapScan scan = new Proc(proc, -1).scanMaps(List.of(DEMO));
        assertEquals(0, scan.processes());
        assertEquals(0, scan.hidden());
    }

    @Test
    void command_lines_are_joined_with_spaces_and_a_kernel_thread_shows_its_name() throws IOException {
        process(100, "", "python3\0-c\0print(1)\0");
        process(101, "", "");
        Proc reader = new Proc(proc, -1);
        assertEquals("python3 -c print(1)", reader.commandLine(100));
        assertEquals("[comm101]", reader.commandLine(101));
        assertNull(reader.commandLine(999));
    }

    @Test
    void reads_posix_flock_and_ofd_locks_and_waiters_from_proc_locks() throws IOException {
        Files.writeString(proc.resolve("locks"), """
                1: POSIX  ADVISORY  WRITE 1234 00:1b:37 0 EOF
                1: -> POSIX  ADVISORY  WRITE 1235 00:1b:37 0 EOF
                2: FLOCK  ADVISORY  READ  2000 00:1b:37 0 EOF
                3: OFDLCK ADVISORY  READ  -1 00:1b:37 100 199
                4: POSIX  ADVISORY  WRITE 3000 00:1b:38 0 EOF
                5: POSIX  ADVISORY  WRITE 3001 fe:00:37 0 EOF
                """);
        List<HeldLock> locks = new Proc(proc, -1).locks(List.of(DEMO));
        assertEquals(List.of(
                new HeldLock("POSIX", "WRITE", 1234, DEMO, 0, -1, false),
                new HeldLock("POSIX", "WRITE", 1235, DEMO, 0, -1, true),
                new HeldLock("FLOCK", "READ", 2000, DEMO, 0, -1, false),
                new HeldLock("OFDLCK", "READ", -1, DEMO, 100, 199, false)), locks);
        assertEquals("bytes 0-EOF", locks.get(0).range());
        assertEquals("bytes 100-199", locks.get(3).range());
    }

    @Test
    void a_device_number_decodes_as_glibc_does() {
        assertEquals(new FileId(0, 27, 5), FileId.ofDev(0x1b, 5));
        assertEquals(new FileId(254, 0, 5), FileId.ofDev(0xfe00, 5));
        // makedev(259, 1048575): minor numbers above 255 and major above 4095 use the high bits
        long dev = (259L & 0xfff) << 8 | (1048575L & 0xff) | (1048575L & ~0xffL) << 12;
        assertEquals(new FileId(259, 1048575, 5), FileId.ofDev(dev, 5));
        long bigMajor = (5000L & 0xfff) << 8 | (5000L & ~0xfffL) << 32 | 3;
        assertEquals(new FileId(5000, 3, 5), FileId.ofDev(bigMajor, 5));
    }

    @Test
    void the_page_size_comes_from_the_aux_vector() {
        long pageSize = Proc.system().pageSize();
        assertEquals(1, Long.bitCount(pageSize), "a power of two: " + pageSize);
        assertTrue(pageSize >= 4096, "at least 4K: " + pageSize);
        assertEquals(4096, new Proc(proc, -1).pageSize(), "without an aux vector, the common size");
    }

    @Test
    void the_effective_uid_is_read_from_status() throws IOException {
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("self/status"), "Name:\tshm\nUid:\t1000\t1001\t1002\t1003\nGid:\t0\t0\t0\t0\n");
        assertEquals(1001, new Proc(proc, -1).effectiveUid());
    }
}
