package shmkit.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountsTest {
    private static final List<Mounts.Mount> MOUNTS = Mounts.parse("""
            22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
            25 22 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=100k
            30 25 0:27 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=200k
            31 22 0:30 / /mnt/my\\040disk rw shared:5 master:2 - xfs /dev/sdb1 rw
            """);

    @Test
    void the_longest_mount_point_holding_the_path_wins_and_of_equal_ones_the_last() {
        Mounts.Mount shm = Mounts.find(MOUNTS, Path.of("/dev/shm/demo"));
        assertEquals("0:27", shm.device(), "the tmpfs mounted on top");
        assertTrue(shm.inMemory());
        Mounts.Mount root = Mounts.find(MOUNTS, Path.of("/dev/shmx/demo"));
        assertEquals("ext4", root.type(), "a prefix of the name is not a prefix of the path");
        assertFalse(root.inMemory());
        assertEquals("/dev/vda", root.source());
    }

    @Test
    void mount_points_with_spaces_and_optional_fields_are_read() {
        Mounts.Mount disk = Mounts.find(MOUNTS, Path.of("/mnt/my disk/data.bin"));
        assertEquals(Path.of("/mnt/my disk"), disk.mountPoint());
        assertEquals("xfs", disk.type());
    }

    @Test
    void no_mount_holds_a_relative_path() {
        assertNull(Mounts.find(MOUNTS, Path.of("relative")));
    }
}
