package shmkit.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A region that outlives many commands (the shell's) lets go of its mapping after a while. */
class RegionTest {
    @TempDir
    Path dir;

    @Test
    void the_whole_mapping_is_unmapped_once_used_enough_and_mapped_afresh_on_the_next_use() throws IOException {
        Path file = dir.resolve("r");
        Files.write(file, new byte[] {1, 2, 3, 4});
        try (Region region = Segments.open(SegmentName.parse(file.toString(), dir), Segments.Access.WRITE)) {
            MemorySegment first = region.borrow().memory();
            region.memory();
            region.unmapAfter(3);
            assertTrue(first.scope().isAlive(), "two uses are fewer than three");
            region.borrow().memory();
            region.unmapAfter(3);
            assertFalse(first.scope().isAlive(), "the third use (through a borrowed view too) unmapped it");
            assertArrayEquals(new byte[] {1, 2, 3, 4}, region.memory().toArray(ValueLayout.JAVA_BYTE));
            assertTrue(region.memory().scope().isAlive());
        }
    }
}
