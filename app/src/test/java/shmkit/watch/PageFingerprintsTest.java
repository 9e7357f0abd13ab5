package shmkit.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.ShmException;
import shmkit.segment.Segment;
import shmkit.segment.SegmentName;
import shmkit.segment.Segments;
import shmkit.testing.TmpfsDir;

/**
 * The large-range way of Watcher, taken on files of a few MiB by lowering the size it starts at;
 * pollOnce driven directly, the writer a plain pwrite to the file (not shm's mapping).
 */
class PageFingerprintsTest {
    private static final long PAGE = Watcher.PAGE;
    /** Every clock reading is a millisecond later: a scan slice "costs" 1 ms and the next waits ~49 polls. */
    private final AtomicLong millis = new AtomicLong();
    private final LongSupplier slowClock = () -> millis.addAndGet(1_000_000);

    @TempDir
    Path dir;
    Path file;
    SegmentName name;

    @BeforeEach
    void setUp() {
        name = SegmentName.parse("seg", dir);
        file = name.path();
    }

    private Segment segment(long size) {
        Segments.create(name, size, Segments.DEFAULT_MODE, null);
        return Segments.open(name);
    }

    /** A watch of the whole region by fingerprints, whatever its size; {@code () -> 0} scans at every poll. */
    private static Watcher large(Segment region, LongSupplier clock) {
        return new Watcher(region, 0, region.size(), 0.02, clock, 0, PageFingerprints.MAX_BLOCKS);
    }

    private void write(long offset, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), offset);
        }
    }

    private static String text(WatchedBytes value, long offset, int length) {
        return new String(value.bytes(offset, length), StandardCharsets.UTF_8);
    }

    private static int pollsUntilChanged(Watcher watcher, int limit) {
        for (int polls = 1; polls <= limit; polls++) {
            if (watcher.pollOnce()) {
                return polls;
            }
        }
        throw new AssertionError("no change seen in " + limit + " polls");
    }

    @Test
    void a_change_in_a_cold_page_is_found_by_the_scan_and_its_page_is_then_compared_at_every_poll() throws IOException {
        long size = 8 << 20;
        try (Segment region = segment(size); Watcher watcher = large(region, () -> 0)) {
            assertFalse(watcher.pollOnce());
            write(size - 3, "end");
            assertTrue(pollsUntilChanged(watcher, (int) (size / Watcher.SLICE)) <= size / Watcher.SLICE, "within a pass");
            assertEquals("end", text(watcher.value(), size - 3, 3));
            assertEquals(1, watcher.hotPageCount());
            assertFalse(watcher.pollOnce(), "one change, seen once");
        }
        try (Segment region = Segments.open(name); Watcher watcher = large(region, slowClock)) {
            watcher.pollOnce();
            write(5 << 20, "cold");
            int polls = pollsUntilChanged(watcher, 10_000);
            assertTrue(polls > 50, "a cold page waits for the paced scan: " + polls + " polls");
            write(5 << 20, "again");
            assertTrue(watcher.pollOnce(), "once found, its page is compared at every poll");
            assertEquals("again", text(watcher.value(), 5 << 20, 5));
        }
    }

    @Test
    void the_pages_a_listener_reads_are_compared_at_every_poll() throws IOException {
        long size = 8 << 20;
        try (Segment region = segment(size); Watcher watcher = large(region, slowClock)) {
            assertEquals("", LineFormats.TEXT.format(watcher.value()));
            watcher.pollOnce();
            write(0, "msg 1");
            assertTrue(watcher.pollOnce(), "the page the line shows does not wait for the scan");
            assertEquals("msg 1", LineFormats.TEXT.format(watcher.value()));
        }
    }

    @Test
    void a_long_line_reads_its_cold_pages_from_the_file_and_the_scan_looks_at_them_first() throws IOException {
        long size = 8 << 20;
        int textLength = 1 << 20;
        try (Segment region = segment(size)) {
            write(6 << 20, "a".repeat(textLength));
            try (Watcher watcher = large(region, () -> 0)) {
                byte[] line = watcher.value().bytes(6 << 20, textLength);
                assertEquals("a".repeat(textLength), new String(line, StandardCharsets.US_ASCII));
                assertEquals(PageFingerprints.READ_KEEPS, watcher.hotPageCount(), "only the first pages read are kept");
                long far = (6 << 20) + textLength - 10;
                write(far, "tail");
                // The whole-range scan would need 28 slices to get there; the read pages come every other slice.
                assertTrue(pollsUntilChanged(watcher, 10) <= 10);
                assertEquals("tail", text(watcher.value(), far, 4));
            }
        }
    }

    @Test
    void what_a_screen_shows_is_compared_at_every_poll_and_reads_as_it_was_last_compared() throws IOException {
        long size = 8 << 20;
        try (Segment region = segment(size); Watcher watcher = large(region, slowClock)) {
            watcher.pollOnce();
            watcher.focus(5 << 20, 640);
            write((5 << 20) + 600, "shown");
            assertEquals("\0".repeat(5), text(watcher.value(), (5 << 20) + 600, 5), "not yet polled");
            assertTrue(watcher.pollOnce());
            assertEquals("shown", text(watcher.value(), (5 << 20) + 600, 5));
            watcher.focus(0, 0);
            for (int i = 0; i < PageFingerprints.SLOTS; i++) {
                watcher.value().bytes((long) i * PAGE * 2, 1);
                watcher.pollOnce();
            }
            assertEquals(PageFingerprints.SLOTS, watcher.hotPageCount(), "what was shown is given up first when no longer shown");
        }
    }

    @Test
    void pages_given_up_keep_a_fingerprint_of_what_was_last_compared() throws IOException {
        long size = 8 << 20;
        try (Segment region = segment(size); Watcher watcher = large(region, () -> 0)) {
            for (int page = 0; page < 100; page++) {
                write(page * PAGE * 3, "x");
            }
            while (watcher.hotPageCount() < PageFingerprints.SLOTS) {
                watcher.pollOnce();
            }
            for (int i = 0; i < 2 * size / Watcher.SLICE; i++) {
                watcher.pollOnce();
            }
            assertFalse(watcher.pollOnce(), "no page reported twice once all were seen");
            for (int page = 0; page < 100; page++) {
                assertEquals("x", text(watcher.value(), page * PAGE * 3, 1));
            }
            write(0, "y");
            assertTrue(pollsUntilChanged(watcher, (int) (size / Watcher.SLICE) + 1) > 0, "a page given up is still watched");
        }
    }

    @Test
    void beyond_its_fingerprint_budget_a_range_is_fingerprinted_by_blocks_of_pages() throws IOException {
        long size = 4 << 20;
        try (Segment region = segment(size);
             Watcher watcher = new Watcher(region, 0, size, 0.02, () -> 0, 0, 64)) {
            write(size - 1, "z");
            assertTrue(pollsUntilChanged(watcher, (int) (size / Watcher.SLICE)) > 0);
            assertEquals(0, watcher.hotPageCount(), "which page of a 16-page block changed is not known");
            assertEquals("z", text(watcher.value(), size - 1, 1));
        }
    }

    @Test
    void a_range_that_does_not_start_or_end_on_a_page_reads_and_compares_right() throws IOException {
        long size = 3 << 20;
        try (Segment region = segment(size);
             Watcher watcher = new Watcher(region, 1000, size - 1100, 0.02, () -> 0, 0, PageFingerprints.MAX_BLOCKS)) {
            write(size - 104, "last");
            pollsUntilChanged(watcher, 100);
            assertEquals("st", text(watcher.value(), size - 1100 - 2, 2), "the range ends 100 bytes before the file");
            write(999, "before");
            pollsUntilChanged(watcher, 100);
            assertEquals("efore", text(watcher.value(), 0, 5));
            write(size - 100, "outside");
            for (int i = 0; i < 2 * size / Watcher.SLICE; i++) {
                assertFalse(watcher.pollOnce(), "past the range");
            }
        }
    }

    /** On tmpfs: touching a mapped page maps the 64 KiB around it there (a disk filesystem may map a 2 MiB folio). */
    @Test
    void the_range_never_becomes_resident_only_the_pages_compared_at_every_poll_do(
            @TempDir(factory = TmpfsDir.class) Path tmpfs) throws IOException {
        long size = 16 << 20;
        name = SegmentName.parse("seg", tmpfs);
        file = name.path();
        try (Segment region = segment(size); Watcher watcher = large(region, () -> 0)) {
            write(0, "msg");
            write(9 << 20, "far");
            for (int i = 0; i < 2 * size / Watcher.SLICE; i++) {
                watcher.pollOnce();
            }
            assertEquals("msg", LineFormats.TEXT.format(watcher.value()));
            long resident = residentKiB(file);
            assertTrue(resident < 1024, "resident pages of the 16 MiB mapping: " + resident + " KiB");
        }
    }

    /** The Rss of this process's mappings of {@code file}, from /proc/self/smaps. */
    private static long residentKiB(Path file) throws IOException {
        long total = 0;
        boolean ours = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                ours = line.endsWith(" " + file.toRealPath());
            } else if (ours && line.startsWith("Rss:")) {
                total += Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return total;
    }

    @Test
    void a_file_that_shrank_ends_the_watch_whether_the_scan_or_a_listener_reads_past_its_end() throws IOException {
        try (Segment region = segment(2 << 20); Watcher watcher = large(region, () -> 0)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(4096);
            }
            ShmException scan = assertThrows(ShmException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    watcher.pollOnce();
                }
            });
            assertEquals("'seg' shrank from 2097152 to 4096 bytes while in use; stopped", scan.getMessage());
            ShmException read = assertThrows(ShmException.class, () -> watcher.value().bytes(1 << 20, 10));
            assertEquals(scan.getMessage(), read.getMessage());
        }
    }

    @Test
    void the_fingerprint_changes_with_any_one_word_and_with_changes_that_cancel_in_a_plain_multiply_xor() {
        byte[] page = new byte[4096];
        new java.util.Random(7).nextBytes(page);
        long before = PageFingerprints.hash(MemorySegment.ofArray(page), 0, page.length);
        for (int at : new int[] {0, 8, 17, 4095}) {
            byte[] changed = page.clone();
            changed[at] ^= 1;
            assertNotEquals(before, PageFingerprints.hash(MemorySegment.ofArray(changed), 0, changed.length), "byte " + at);
        }
        // The top bit of two words of one lane: (h ^ w) * K alone carries it nowhere, so both flips cancel.
        byte[] topBits = page.clone();
        topBits[7] ^= (byte) 0x80;
        topBits[7 + 32] ^= (byte) 0x80;
        assertNotEquals(before, PageFingerprints.hash(MemorySegment.ofArray(topBits), 0, topBits.length));
        byte[] swapped = page.clone();
        System.arraycopy(page, 0, swapped, 32, 8);
        System.arraycopy(page, 32, swapped, 0, 8);
        assertNotEquals(before, PageFingerprints.hash(MemorySegment.ofArray(swapped), 0, swapped.length), "two words swapped");
        assertEquals(before, PageFingerprints.hash(MemorySegment.ofArray(Arrays.copyOf(page, 4096)), 0, 4096));
    }
}
