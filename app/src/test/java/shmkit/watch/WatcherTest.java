package shmkit.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.ShmException;
import shmkit.segment.Segment;
import shmkit.segment.SegmentName;
import shmkit.segment.Segments;

/** Watcher.pollOnce driven directly: no sleeping, the writer is a plain file write (not shm's mapping). */
class WatcherTest {
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

    /** Another writer: pwrite through the file, the way a process that never mapped it would. */
    private void write(long offset, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), offset);
        }
    }

    private static String text(WatchedBytes value, long offset, int length) {
        return new String(value.bytes(offset, length), StandardCharsets.UTF_8);
    }

    @Test
    void a_quiet_region_polls_unchanged_and_a_write_is_seen_exactly_once() throws IOException {
        try (Segment region = segment(1024); Watcher watcher = new Watcher(region, 0, 1024, Watcher.SCAN_SHARE)) {
            assertFalse(watcher.pollOnce());
            assertFalse(watcher.pollOnce());
            write(0, "msg 1");
            assertTrue(watcher.pollOnce());
            assertEquals("msg 1", text(watcher.value(), 0, 5));
            assertFalse(watcher.pollOnce(), "the copy caught up, so the same bytes are no change");
        }
    }

    @Test
    void the_first_value_is_what_the_range_held_when_the_watch_began() throws IOException {
        Segments.create(name, 64, Segments.DEFAULT_MODE, null);
        write(10, "before");
        try (Segment region = Segments.open(name);
             Watcher watcher = new Watcher(region, 10, 6, Watcher.SCAN_SHARE)) {
            assertEquals("before", text(watcher.value(), 0, 6));
            write(0, "0123456789");
            write(16, "after");
            assertFalse(watcher.pollOnce(), "bytes 0-9 and 16- are not watched");
        }
    }

    /** Whether this process maps the segment's file now (/proc/self/maps names it). */
    private boolean mapped() throws IOException {
        return Files.readString(Path.of("/proc/self/maps")).contains(file.toAbsolutePath().toString());
    }

    @Test
    void a_range_of_a_page_is_read_afresh_at_every_poll_and_never_mapped() throws IOException {
        try (Segment region = segment(3 * Watcher.READ_UP_TO);
             Watcher watcher = new Watcher(region, Watcher.READ_UP_TO, Watcher.READ_UP_TO, Watcher.SCAN_SHARE)) {
            write(Watcher.READ_UP_TO - 1, "<");
            write(2 * Watcher.READ_UP_TO, ">");
            assertFalse(watcher.pollOnce(), "bytes on either side of the range are not watched");
            write(2 * Watcher.READ_UP_TO - 3, "end");
            assertTrue(watcher.pollOnce());
            assertEquals("end", text(watcher.value(), Watcher.READ_UP_TO - 3, 3));
            assertFalse(watcher.pollOnce(), "the copy caught up");
            write(Watcher.READ_UP_TO, "start");
            assertTrue(watcher.pollOnce());
            assertEquals("start", text(watcher.value(), 0, 5));
            assertEquals("end", text(watcher.value(), Watcher.READ_UP_TO - 3, 3), "the rest of the copy is kept");
            assertFalse(mapped(), "a small range is read, not mapped");
        }
    }

    @Test
    void a_range_of_more_than_a_page_is_compared_through_the_mapping() throws IOException {
        long length = Watcher.READ_UP_TO + 1;
        try (Segment region = segment(length); Watcher watcher = new Watcher(region, 0, length, Watcher.SCAN_SHARE)) {
            assertTrue(mapped(), "compared with the mapping");
            write(length - 1, "!");
            assertTrue(watcher.pollOnce());
            assertEquals("!", text(watcher.value(), length - 1, 1));
        }
    }

    @Test
    void a_small_range_that_shrank_under_the_watch_ends_it_with_what_happened() throws IOException {
        try (Segment region = segment(100); Watcher watcher = new Watcher(region, 0, 100, 1)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(40);
            }
            ShmException e = assertThrows(ShmException.class, watcher::pollOnce);
            assertEquals(ShmException.FAILURE, e.status());
            assertEquals("'seg' shrank from 100 to 40 bytes while in use; stopped", e.getMessage());
        }
    }

    @Test
    void a_change_anywhere_in_a_large_range_is_found_within_one_pass() throws IOException {
        long size = 8 << 20;
        try (Segment region = segment(size); Watcher watcher = new Watcher(region, 0, size, 0.02, () -> 0)) {
            write(size - 3, "end");
            int polls = 1;
            while (!watcher.pollOnce()) {
                polls++;
            }
            assertTrue(polls <= size / Watcher.SLICE, "found after " + polls + " polls");
            assertEquals("end", text(watcher.value(), size - 3, 3));
        }
    }

    @Test
    void a_page_that_changed_is_compared_at_every_poll_while_the_scan_rests() throws IOException {
        long size = 8 << 20;
        AtomicLong clock = new AtomicLong();
        // Every clock reading moves a millisecond on: a scan slice "costs" 1 ms, so the next waits ~49 polls.
        try (Segment region = segment(size);
             Watcher watcher = new Watcher(region, 0, size, 0.02, () -> clock.addAndGet(1_000_000))) {
            write(size - 100, "first");
            int polls = 0;
            while (!watcher.pollOnce()) {
                clock.addAndGet(1_000_000_000);
                assertTrue(++polls < 1000, "the scan never found the first write");
            }
            assertEquals(1, watcher.hotPageCount());
            write(size - 100, "again");
            assertTrue(watcher.pollOnce(), "the hot page is compared although no scan is due");
            assertEquals("again", text(watcher.value(), size - 100, 5));
            write(0, "cold");
            assertFalse(watcher.pollOnce(), "a quiet page waits for the scan");
        }
    }

    @Test
    void what_a_screen_shows_is_compared_at_every_poll() throws IOException {
        long size = 8 << 20;
        AtomicLong clock = new AtomicLong();
        try (Segment region = segment(size);
             Watcher watcher = new Watcher(region, 0, size, 0.02, () -> clock.addAndGet(1_000_000))) {
            assertFalse(watcher.pollOnce(), "the first poll scans the first slice and rests ~49 polls");
            watcher.focus(5 << 20, 640);
            write((5 << 20) + 600, "shown");
            assertTrue(watcher.pollOnce());
            assertEquals("shown", text(watcher.value(), (5 << 20) + 600, 5));
        }
    }

    @Test
    void the_pages_compared_at_every_poll_are_bounded() throws IOException {
        long size = 4 << 20;
        try (Segment region = segment(size); Watcher watcher = new Watcher(region, 0, size, 1)) {
            for (int page = 0; page < 100; page++) {
                write(page * Watcher.PAGE * 3, "x");
            }
            for (int i = 0; i < size / Watcher.SLICE; i++) {
                watcher.pollOnce();
            }
            assertEquals(Watcher.HOT_PAGES, watcher.hotPageCount());
            for (int page = 0; page < 100; page++) {
                assertEquals("x", text(watcher.value(), page * Watcher.PAGE * 3, 1));
            }
        }
    }

    @Test
    void an_empty_range_is_refused() {
        try (Segment region = segment(16)) {
            ShmException e = assertThrows(ShmException.class, () -> new Watcher(region, 16, 0, 1));
            assertEquals(ShmException.USAGE, e.status());
            assertTrue(e.getMessage().contains("nothing to watch"), e.getMessage());
        }
    }

    @Test
    void a_file_that_shrank_under_the_watch_ends_it_with_what_happened() throws IOException {
        try (Segment region = segment(8192); Watcher watcher = new Watcher(region, 0, 8192, 1)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            ShmException e = assertThrows(ShmException.class, watcher::pollOnce);
            assertEquals(ShmException.FAILURE, e.status());
            assertEquals("'seg' shrank from 8192 to 0 bytes while in use; stopped", e.getMessage());
        }
    }

    @Test
    void a_fault_in_a_hot_compiled_poll_is_caught_too() throws Exception {
        try (Segment region = segment(8192); Watcher watcher = new Watcher(region, 0, 8192, 1)) {
            Thread truncate = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(1500);
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(0);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            try {
                ShmException e = assertThrows(ShmException.class, () -> {
                    for (long i = 0; i < Long.MAX_VALUE; i++) {
                        watcher.pollOnce();
                    }
                });
                assertTrue(e.getMessage().contains("shrank from 8192 to 0 bytes"), e.getMessage());
            } finally {
                truncate.join();
            }
        }
    }

    @Test
    void removal_and_replacement_end_the_watch_but_growth_does_not() throws IOException {
        try (Segment region = segment(100); Watcher watcher = new Watcher(region, 0, 100, 1)) {
            watcher.checkSegment();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(new byte[1]), 199);
            }
            watcher.checkSegment();
            Path other = dir.resolve("other");
            Files.write(other, new byte[200]);
            Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);
            ShmException replaced = assertThrows(ShmException.class, watcher::checkSegment);
            assertEquals("'seg' was replaced by another file while in use; stopped", replaced.getMessage());
            Files.delete(file);
            ShmException removed = assertThrows(ShmException.class, watcher::checkSegment);
            assertEquals("'seg' was removed while in use; stopped", removed.getMessage());
            assertFalse(watcher.pollOnce(), "the old file stays open: polling alone would never notice");
        }
    }
}
