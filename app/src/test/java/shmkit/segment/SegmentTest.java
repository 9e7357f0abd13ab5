package shmkit.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.ShmException;
import shmkit.ShmException.Reason;

/**
 * The segment and its mapped memory: every access bounds-checked, and every way a segment can
 * change under us (shrunk, removed, replaced, grown) reported with its reason, through the mapping
 * (a real SIGBUS) and through positional I/O alike.
 */
class SegmentTest {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    private SegmentName name(String file, int size) throws IOException {
        Path path = dir.resolve(file);
        Files.write(path, new byte[size]);
        return SegmentName.parse(path.toString(), dir);
    }

    private static void truncate(SegmentName name, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(name.path(), StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    /**
     * The failure an access ends in. The JVM may deliver a fault a little after the access (at its next
     * safepoint poll), past the guard: then it is the segment's one translation, faultIn, that names it.
     */
    private static ShmException refused(Reason reason, Runnable access) {
        ShmException e = assertThrows(ShmException.class, () -> {
            try {
                access.run();
            } catch (InternalError late) {
                throw Segment.faultIn(late);
            }
        });
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    @Test
    void refuses_every_range_outside_the_segment_naming_the_numbers() throws IOException {
        try (WritableSegment segment = Segments.openWritable(name("s", 100))) {
            assertEquals("offset -1 is negative", refused(Reason.OUT_OF_RANGE, () -> segment.checkRange(-1, 1)).getMessage());
            assertEquals("length -1 is negative", refused(Reason.OUT_OF_RANGE, () -> segment.checkRange(0, -1)).getMessage());
            assertTrue(refused(Reason.OUT_OF_RANGE, () -> segment.checkRange(101, 0)).getMessage()
                    .endsWith("offset 101 is past the end of '" + dir.resolve("s") + "' (100 bytes)"));
            assertTrue(refused(Reason.OUT_OF_RANGE, () -> segment.checkRange(90, 11)).getMessage()
                    .contains("offset 90 + 11 bytes runs past the end"));
            segment.checkRange(100, 0);
            segment.checkRange(0, 100);
            WritableMemory memory = segment.memory();
            refused(Reason.OUT_OF_RANGE, () -> memory.getByte(100));
            refused(Reason.OUT_OF_RANGE, () -> memory.getByte(-1));
            refused(Reason.OUT_OF_RANGE, () -> memory.getInt(97, ByteOrder.LITTLE_ENDIAN));
            refused(Reason.OUT_OF_RANGE, () -> memory.getLongVolatile(96, ByteOrder.LITTLE_ENDIAN));
            refused(Reason.OUT_OF_RANGE, () -> memory.putShort(99, (short) 1, ByteOrder.BIG_ENDIAN));
            refused(Reason.OUT_OF_RANGE, () -> memory.putBytes(98, new byte[3], 0, 3));
            refused(Reason.OUT_OF_RANGE, () -> memory.fill(50, 51, (byte) 1));
            refused(Reason.OUT_OF_RANGE, () -> memory.getAndAddInt(100, 1, ByteOrder.LITTLE_ENDIAN));
            refused(Reason.OUT_OF_RANGE, () -> segment.write(98, new byte[3]));
            refused(Reason.OUT_OF_RANGE, () -> segment.fill(0, 101, (byte) 1));
            refused(Reason.OUT_OF_RANGE, () -> segment.read(99, 2));
            assertArrayEquals(new byte[100], segment.read(0, 100), "nothing refused was written");
        }
    }

    @Test
    void reads_writes_and_atomics_through_the_mapping_reach_the_file() throws IOException {
        SegmentName name = name("s", PAGE);
        try (WritableSegment segment = Segments.openWritable(name)) {
            WritableMemory memory = segment.memory();
            memory.putIntVolatile(8, 0x01020304, ByteOrder.BIG_ENDIAN);
            memory.putLong(41, -2, ByteOrder.LITTLE_ENDIAN);
            assertEquals(5, memory.getAndAddLong(24, 5, ByteOrder.nativeOrder()) + 5);
            assertEquals(0, memory.compareAndExchangeInt(32, 0, 7, ByteOrder.nativeOrder()));
            assertEquals(7, memory.compareAndExchangeInt(32, 0, 9, ByteOrder.nativeOrder()), "a failed swap returns what it found");
            assertTrue(memory.isAligned(8, 8));
            assertFalse(memory.isAligned(41, 8));
            memory.force(0, PAGE);
        }
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(name.path()));
        assertEquals(0x01020304, file.order(ByteOrder.BIG_ENDIAN).getInt(8));
        assertEquals(-2, file.order(ByteOrder.LITTLE_ENDIAN).getLong(41));
        assertEquals(5, file.order(ByteOrder.nativeOrder()).getLong(24));
        assertEquals(7, file.order(ByteOrder.nativeOrder()).getInt(32));
    }

    @Test
    void a_fault_in_mapped_memory_after_a_shrink_says_the_segment_shrank() throws IOException {
        SegmentName name = name("s", 3 * PAGE);
        try (WritableSegment segment = Segments.openWritable(name)) {
            WritableMemory memory = segment.memory();
            memory.getByte(2 * PAGE); // mapped and touched while it was there
            truncate(name, PAGE);
            for (Consumer<WritableMemory> access : java.util.List.<Consumer<WritableMemory>>of(
                    m -> m.getByte(2 * PAGE), m -> m.putLong(2 * PAGE + 8, 1, ByteOrder.LITTLE_ENDIAN),
                    m -> m.getAndAddInt(2 * PAGE, 1, ByteOrder.LITTLE_ENDIAN),
                    m -> m.getLongVolatile(2 * PAGE, ByteOrder.BIG_ENDIAN),
                    m -> m.compareAndExchangeLong(2 * PAGE + 8, 0, 1, ByteOrder.LITTLE_ENDIAN),
                    m -> m.getShort(2 * PAGE + 3, ByteOrder.LITTLE_ENDIAN),
                    m -> m.getBytes(2 * PAGE, new byte[16], 0, 16),
                    m -> m.mismatch(PAGE, MemorySegment.ofArray(new byte[2 * PAGE]), 0, 2 * PAGE),
                    m -> m.fill(2 * PAGE, 16, (byte) 1))) {
                ShmException e = refused(Reason.SHRANK, () -> access.accept(memory));
                assertTrue(e.getMessage().contains("shrank from 12288 to 4096 bytes while in use; stopped"), e.getMessage());
            }
            assertEquals(0, memory.getByte(PAGE - 1), "the part still there reads");
            assertEquals(PAGE, Files.size(name.path()), "no access grew the file back");
        }
    }

    @Test
    void a_compiled_comparison_of_mapped_bytes_faults_as_a_shrink_not_a_jvm_crash() throws IOException {
        // Compiled, MemorySegment.mismatch runs a vectorized stub past 64 bytes whose fault the JVM does
        // not report (SIGBUS in StubRoutines::vectorizedMismatch): this forked JVM would die here.
        SegmentName name = name("s", 2 * PAGE);
        try (Segment segment = Segments.open(name)) {
            Memory memory = segment.memory();
            MemorySegment copy = MemorySegment.ofArray(new byte[2 * PAGE]);
            long same = 0;
            for (int i = 0; i < 20_000; i++) {
                same += memory.mismatch(0, copy, 0, 2 * PAGE);
            }
            assertEquals(-20_000, same);
            truncate(name, 100);
            ShmException e = refused(Reason.SHRANK, () -> {
                for (int i = 0; i < 1000; i++) {
                    memory.mismatch(0, copy, 0, 2 * PAGE);
                }
            });
            assertTrue(e.getMessage().contains("shrank from 8192 to 100 bytes"), e.getMessage());
        }
    }

    @Test
    void windows_fault_the_same_way() throws IOException {
        SegmentName name = name("s", 4 * PAGE);
        try (WritableSegment segment = Segments.openWritable(name)) {
            truncate(name, PAGE);
            refused(Reason.SHRANK, () -> segment.withWindows(PAGE, memory -> memory.getByte(3 * PAGE)));
            assertEquals(PAGE, Files.size(name.path()), "mapping a window did not grow the file back");
        }
    }

    @Test
    void positional_reads_and_writes_after_a_shrink_say_so_and_never_grow_the_file_back() throws IOException {
        SegmentName name = name("s", 3 * PAGE);
        try (WritableSegment segment = Segments.openWritable(name)) {
            truncate(name, PAGE);
            refused(Reason.SHRANK, () -> segment.read(2 * PAGE, 10));
            refused(Reason.SHRANK, () -> segment.write(2 * PAGE, new byte[] {1}));
            refused(Reason.SHRANK, () -> segment.write(0, new byte[] {1}));
            assertEquals(PAGE, Files.size(name.path()));
            assertEquals(Change.Kind.SHRANK, segment.change().kind());
        }
    }

    @Test
    void a_removed_segment_is_reported_as_removed() throws IOException {
        SegmentName name = name("s", PAGE);
        try (WritableSegment segment = Segments.openWritable(name)) {
            Files.delete(name.path());
            assertEquals(Change.Kind.REMOVED, segment.change().kind());
            ShmException e = refused(Reason.REMOVED, () -> segment.requireUnchanged("being written"));
            assertTrue(e.getMessage().endsWith("was removed while being written; the bytes went to the file it was when opened"),
                    e.getMessage());
            assertEquals(Reason.REMOVED, segment.faulted(new InternalError("test")).reason());
        }
    }

    @Test
    void a_replaced_segment_is_reported_as_replaced() throws IOException {
        SegmentName name = name("s", PAGE);
        Path other = dir.resolve("other");
        Files.write(other, new byte[PAGE]);
        try (WritableSegment segment = Segments.openWritable(name)) {
            Files.move(other, name.path(), StandardCopyOption.REPLACE_EXISTING);
            assertEquals(Change.Kind.REPLACED, segment.change().kind());
            refused(Reason.REPLACED, () -> segment.requireUnchanged("being read"));
        }
    }

    @Test
    void a_segment_that_grew_is_still_fine() throws IOException {
        SegmentName name = name("s", PAGE);
        try (WritableSegment segment = Segments.openWritable(name)) {
            try (FileChannel channel = FileChannel.open(name.path(), StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(new byte[] {1}), 2 * PAGE);
            }
            assertEquals(Change.Kind.GREW, segment.change().kind());
            assertNull(segment.harmfulChange());
            segment.requireUnchanged("being written");
            assertEquals(PAGE, segment.size(), "accesses stay checked against the size when opened");
        }
    }

    @Test
    void read_only_is_a_type() throws IOException {
        try (Segment segment = Segments.open(name("s", 10))) {
            assertFalse(segment instanceof WritableSegment);
            assertFalse(segment.writable());
        }
        try (Segment segment = Segments.openWritable(name("t", 10))) {
            assertTrue(segment instanceof WritableSegment);
        }
    }

    @Test
    void a_borrowed_view_leaves_the_segment_open_and_the_mapping_is_renewed_after_enough_uses() throws IOException {
        try (WritableSegment segment = Segments.openWritable(name("s", 10))) {
            try (WritableSegment view = segment.borrow()) {
                view.memory().putByte(0, (byte) 7);
            }
            Memory first = segment.memory();
            assertEquals(7, first.getByte(0), "the view's close left the mapping open");
            segment.unmapAfter(3);
            assertSame(first, segment.memory(), "two uses are fewer than three");
            segment.unmapAfter(3);
            Memory second = segment.memory();
            assertNotSame(first, second, "the third use unmapped it; the next maps afresh");
            assertEquals(7, second.getByte(0));
        }
    }

    @Test
    void a_lock_held_elsewhere_times_out_and_one_held_here_is_busy() throws IOException {
        SegmentName name = name("s", 100);
        try (WritableSegment segment = Segments.openWritable(name);
             Segment.Held held = segment.lockExclusive(0, 10, null)) {
            try (WritableSegment again = Segments.openWritable(name)) {
                refused(Reason.BUSY, () -> again.lockExclusive(5, 10, Duration.ofMillis(10)));
            }
            assertNull(segment.lockShared(50, 0, null), "an empty range needs no lock");
        }
        ProcessBuilder holder = new ProcessBuilder("python3", "-c", "import fcntl,sys,time\n"
                + "f=open(sys.argv[1],'r+b'); fcntl.lockf(f, fcntl.LOCK_EX, 10, 0); print('held', flush=True); time.sleep(30)",
                name.path().toString());
        Process process = holder.start();
        try {
            assertEquals("held", new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream())).readLine());
            try (WritableSegment segment = Segments.openWritable(name)) {
                ShmException e = refused(Reason.TIMED_OUT, () -> segment.lockShared(5, 1, Duration.ofMillis(50)));
                assertTrue(e.getMessage().startsWith("gave up waiting for a shared lock on 1 byte at offset 5"), e.getMessage());
                segment.lockExclusive(10, 5, Duration.ofMillis(50)).close(); // the bytes after are free
            }
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void opening_says_why_it_cannot() throws IOException {
        refused(Reason.NOT_FOUND, () -> Segments.open(SegmentName.parse("missing", dir)));
        Files.createDirectory(dir.resolve("folder"));
        refused(Reason.NOT_A_SEGMENT, () -> Segments.open(SegmentName.parse("folder", dir)));
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("target"));
        refused(Reason.NOT_A_SEGMENT, () -> Segments.openWritable(SegmentName.parse("link", dir)));
        SegmentName name = name("s", 10);
        Segments.create(SegmentName.parse("made", dir), 10, Segments.DEFAULT_MODE, null);
        refused(Reason.ALREADY_EXISTS, () -> Segments.create(name, 10, Segments.DEFAULT_MODE, null));
    }
}
