package shmkit.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The maps lines that tell the kinds of shared memory apart, as the kernel writes them. */
class ProcessMemoryTest {
    private static final String MAPS = """
            5608ecd40000-5608ecd41000 r--p 00000000 08:01 1311       /tmp/k
            7f216240d000-7f216240e000 rw-s 00000000 00:01 0                          /SYSV5d000a1b (deleted)
            7f216240e000-7f2162410000 rw-s 00000000 00:01 4                          /memfd:demo buf (deleted)
            7f2162410000-7f2162411000 rw-s 00000000 00:01 3                          /dev/zero (deleted)
            7f2162420000-7f2162421000 r--s 00001000 00:1b 77                         /dev/shm/posix (deleted)
            7f2162430000-7f2162431000 rw-p 00000000 00:00 0
            7f2162440000-7f2162441000 rw-s 00000000 00:01 9                          [anon_shmem:ring]
            7ffd3c1f0000-7ffd3c211000 rw-p 00000000 00:00 0                          [stack]
            not a line
            """;

    @Test
    void tells_system_v_memfd_and_anonymous_shared_mappings_from_everything_else() {
        List<ProcessMemory.MapLine> lines = ProcessMemory.parseMaps(42, MAPS);
        assertEquals(8, lines.size());
        assertNull(lines.get(0).kind(), "a private mapping of a file");
        assertEquals(SegmentName.Kind.SYSV, lines.get(1).kind());
        assertEquals(0, lines.get(1).inode(), "System V's inode is its id, and 0 is an id");
        assertEquals(SegmentName.Kind.MEMFD, lines.get(2).kind());
        assertEquals("demo buf", lines.get(2).memfdName());
        assertEquals(SegmentName.Kind.MAPPING, lines.get(3).kind());
        assertEquals("pid:42@0x7f2162410000", lines.get(3).name());
        assertEquals(4096, lines.get(3).length());
        assertNull(lines.get(4).kind(), "a POSIX object is a file in a folder");
        assertEquals(0x1000, lines.get(4).offset());
        assertEquals(0x1b, lines.get(4).minor());
        assertFalse(lines.get(5).shared());
        assertNull(lines.get(5).kind());
        assertEquals(SegmentName.Kind.MAPPING, lines.get(6).kind(), "a named anonymous block (PR_SET_VMA_ANON_NAME)");
        assertEquals("[stack]", lines.get(7).path());
        assertTrue(lines.get(1).mapFile().toString().endsWith("/42/map_files/7f216240d000-7f216240e000"));
    }

    @Test
    void a_memfd_descriptor_is_matched_to_its_mappings_by_device_and_inode() {
        ProcessMemory.MapLine line = ProcessMemory.parseMaps(42, MAPS).get(2);
        long dev = 1; // st_dev of major 0, minor 1, as glibc encodes it
        assertTrue(new ProcessMemory.HeldFd(42, 3, "demo buf", 8192, 0777, 0, 0, dev, 4).maps(line));
        assertFalse(new ProcessMemory.HeldFd(42, 3, "demo buf", 8192, 0777, 0, 0, dev, 5).maps(line));
        assertFalse(new ProcessMemory.HeldFd(42, 3, "demo buf", 8192, 0777, 0, 0, 0x1b, 4).maps(line));
    }
}
