package shmkit.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import shmkit.ShmException;
import shmkit.ShmException.Reason;

/**
 * System V segments as segments: the kernel's table read by its header, and a real segment made,
 * attached, read and written by every path (positional, mapped, typed, atomics), its removal while
 * attached seen as a change, and what it cannot do (locks, a write through a read-only attach) refused.
 */
class SysvTest {
    private static final Path DIR = Path.of("/dev/shm");
    private SegmentName made;

    private SegmentName fresh() {
        made = SegmentName.parse("sysv:0x" + Integer.toHexString(0x5f000000 | ThreadLocalRandom.current().nextInt(1 << 24)), DIR);
        return made;
    }

    @AfterEach
    void removeIt() {
        if (made != null) {
            try {
                Sysv.remove(made, Sysv.find(made));
            } catch (ShmException gone) {
                // removed by the test itself
            }
        }
    }

    @Test
    void reads_proc_sysvipc_shm_by_its_header() {
        String text = """
                       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap
                1560283675          0   600                  4096 18510 18511      2     0     0  1000  1000 1796297201          0 1796297200                  4096                     0
                         0      32769  1640                   100   700   701      1  1000   100  1000   100          0          0 1796297000                     0                     0
                """;
        List<Sysv.Entry> entries = Sysv.parse(text);
        assertEquals(2, entries.size());
        Sysv.Entry first = entries.get(0);
        assertEquals(new Sysv.Entry(0x5d000a1b, 0, 0600, 4096, 18510, 18511, 2, 0, 0, 1000, 1000, 1796297201, 0, 1796297200,
                4096, 0), first);
        assertEquals("0x5d000a1b", first.keyText());
        assertEquals("sysv:0x5d000a1b", first.name());
        assertFalse(first.markedForRemoval());
        Sysv.Entry removed = entries.get(1);
        assertTrue(removed.markedForRemoval());
        assertEquals(0640, removed.permissions());
        assertEquals("sysv:id:32769", removed.name(), "a segment without a key is named by its id");
    }

    @Test
    void a_table_in_a_form_not_known_is_read_as_empty_rather_than_guessed_at() {
        assertEquals(List.of(), Sysv.parse("something else entirely\n1 2 3\n"));
        assertEquals(List.of(), Sysv.parse(""));
    }

    @Test
    void a_segment_made_by_key_is_zero_filled_and_reached_by_key_and_by_id() throws IOException {
        SegmentName name = fresh();
        Sysv.Entry entry = Sysv.create(name, 10_000, 0640);
        assertEquals(10_000, entry.size());
        assertEquals(0640, entry.permissions());
        assertEquals(0, entry.nattch());
        try (WritableSegment segment = Segments.openWritable(name)) {
            assertEquals(10_000, segment.size());
            assertArrayEquals(new byte[10_000], segment.read(0, 10_000));
            segment.write(9_990, "0123456789".getBytes());
            segment.memory().putLongVolatile(8, 41, ByteOrder.LITTLE_ENDIAN);
            assertEquals(41, segment.memory().getAndAddLong(8, 1, ByteOrder.LITTLE_ENDIAN));
            segment.fill(100, 10, (byte) 'x');
            segment.sync(0, 10_000); // no file to write back to: nothing to do, and no failure
            assertNull(segment.change());
        }
        try (Segment byId = Segments.open(SegmentName.parse("sysv:id:" + entry.id(), DIR))) {
            assertEquals("0123456789", new String(byId.read(9_990, 10)));
            assertEquals(42, byId.memory().getLong(8, ByteOrder.LITTLE_ENDIAN));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byId.transferTo(100, 10, Channels.newChannel(out));
            assertEquals("xxxxxxxxxx", out.toString());
            byId.withMemory(0, byId.size(), memory -> {
                assertEquals('x', memory.getByte(105));
                return null;
            });
            ShmException past = assertThrows(ShmException.class, () -> byId.read(9_995, 10));
            assertEquals(Reason.OUT_OF_RANGE, past.reason());
        }
    }

    @Test
    void a_segment_opened_for_reading_refuses_writes_through_its_memory_rather_than_faulting() {
        SegmentName name = fresh();
        Sysv.create(name, 4096, 0600);
        try (Segment segment = Segments.open(name)) {
            WritableMemory cast = (WritableMemory) segment.memory();
            assertThrows(RuntimeException.class, () -> cast.putByte(0, (byte) 1));
            assertEquals(0, segment.memory().getByte(0));
        }
    }

    @Test
    void removal_while_attached_is_a_change_that_ends_the_use_and_the_key_is_free_at_once() {
        SegmentName name = fresh();
        Sysv.create(name, 4096, 0600);
        try (WritableSegment segment = Segments.openWritable(name)) {
            Sysv.remove(name, Sysv.find(name));
            Change change = segment.change();
            assertEquals(Change.Kind.REMOVED, change.kind());
            assertTrue(change.message().contains("marked for removal (IPC_RMID"), change.message());
            ShmException after = assertThrows(ShmException.class, () -> segment.requireUnchanged("being written"));
            assertEquals(Reason.REMOVED, after.reason());
            segment.write(0, new byte[] {1}); // still attached: the memory stays ours until detached
            assertEquals(Reason.NOT_FOUND, assertThrows(ShmException.class, () -> Sysv.find(name)).reason());
        }
    }

    @Test
    void refuses_locks_a_second_create_and_a_create_by_id() {
        SegmentName name = fresh();
        Sysv.create(name, 4096, 0600);
        try (WritableSegment segment = Segments.openWritable(name)) {
            ShmException lock = assertThrows(ShmException.class, () -> segment.lockExclusive(0, 1, null));
            assertEquals(Reason.BAD_USAGE, lock.reason());
            assertTrue(lock.getMessage().contains("no file to hold fcntl record locks"), lock.getMessage());
        }
        assertEquals(Reason.ALREADY_EXISTS, assertThrows(ShmException.class, () -> Sysv.create(name, 4096, 0600)).reason());
        assertEquals(Reason.BAD_VALUE, assertThrows(ShmException.class,
                () -> Sysv.create(SegmentName.parse("sysv:id:1", DIR), 4096, 0600)).reason());
    }
}
