package shmkit.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.ShmException;
import shmkit.segment.SegmentName;
import shmkit.segment.Segments;

class WatchLoopTest {
    @TempDir
    Path dir;

    private Target target() {
        SegmentName name = SegmentName.parse("seg", dir);
        Segments.create(name, 64, Segments.DEFAULT_MODE, null);
        return new Target(name, Segments::open, 0, 64L, Long.MAX_VALUE, 1);
    }

    private WatchLoop loop(Duration timeout) {
        return new WatchLoop(target(), Pacer.adaptive(), timeout, false, false);
    }

    /** Ends with a status once the range's first byte is not zero. */
    private static final class UntilNonZero implements WatchLoop.Listener {
        int changes;

        @Override
        public int started(WatchedBytes value) {
            return WatchLoop.CONTINUE;
        }

        @Override
        public int changed(WatchedBytes value) {
            changes++;
            return value.bytes(0, 1)[0] != 0 ? 42 : WatchLoop.CONTINUE;
        }
    }

    @Test
    void a_watch_that_sees_nothing_times_out_with_124() {
        try (WatchLoop loop = loop(Duration.ofMillis(30))) {
            assertEquals(ShmException.TIMEOUT, loop.run(new UntilNonZero()));
        }
    }

    @Test
    void the_listener_ends_the_watch_with_its_status() throws Exception {
        try (WatchLoop loop = loop(Duration.ofSeconds(20))) {
            Thread writer = Thread.ofPlatform().start(() -> {
                try (FileChannel channel = FileChannel.open(dir.resolve("seg"), StandardOpenOption.WRITE)) {
                    Thread.sleep(50);
                    channel.write(ByteBuffer.wrap(new byte[] {7}), 0);
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            UntilNonZero listener = new UntilNonZero();
            assertEquals(42, loop.run(listener));
            assertEquals(1, listener.changes);
            writer.join();
        }
    }

    @Test
    void a_stop_from_another_thread_ends_the_watch_with_its_status() throws Exception {
        try (WatchLoop loop = new WatchLoop(target(), Pacer.every(Duration.ofSeconds(30)), null, false, false)) {
            Thread stopper = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                loop.stop(ShmException.INTERRUPTED);
            });
            assertEquals(ShmException.INTERRUPTED, loop.run(new UntilNonZero()), "a stop cuts even a 30 s pause short");
            stopper.join();
        }
    }

    @Test
    void a_removed_segment_ends_the_watch_with_one_clear_failure() throws IOException {
        try (WatchLoop loop = loop(Duration.ofSeconds(20))) {
            loop.open();
            Files.delete(dir.resolve("seg"));
            ShmException e = assertThrows(ShmException.class, () -> loop.run(new UntilNonZero()));
            assertEquals(ShmException.FAILURE, e.status());
            assertTrue(e.getMessage().contains("'seg' was removed"), e.getMessage());
        }
    }

    // ---- what becomes of the name -------------------------------------------------------------

    /** Records what the loop tells it, as lines: "started msg", "changed msg", "# grew 64 -> 128". */
    private static final class Recorder implements WatchLoop.Listener {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        private static String text(WatchedBytes value) {
            byte[] bytes = value.bytes(0, (int) Math.min(16, value.length()));
            int n = 0;
            while (n < bytes.length && bytes[n] != 0) {
                n++;
            }
            return new String(bytes, 0, n, StandardCharsets.US_ASCII);
        }

        private String last;

        @Override
        public int started(WatchedBytes value) {
            last = text(value);
            seen.add("started " + last);
            return WatchLoop.CONTINUE;
        }

        /** A value that reads as the last one is not recorded (as lines are not printed twice). */
        @Override
        public int changed(WatchedBytes value) {
            String text = text(value);
            if (!text.equals(last)) {
                last = text;
                seen.add("changed " + text);
            }
            return WatchLoop.CONTINUE;
        }

        @Override
        public int event(WatchEvent event) {
            seen.add(event.line());
            return WatchLoop.CONTINUE;
        }

    }

    /** Runs a loop on a thread of its own (the one that opens the segment), until stopped. */
    private static final class Running implements AutoCloseable {
        final WatchLoop loop;
        final Recorder recorder = new Recorder();
        final CompletableFuture<Object> result = new CompletableFuture<>();

        Running(Target target, boolean wait, boolean follow) {
            loop = new WatchLoop(target, Pacer.adaptive(), Duration.ofSeconds(60), wait, follow);
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    result.complete(loop.run(recorder));
                } catch (Throwable e) {
                    result.complete(e);
                }
            });
        }

        /** Waits for the next thing the loop tells, and checks it. */
        void expect(String what) throws InterruptedException {
            String next = recorder.seen.poll(10, TimeUnit.SECONDS);
            assertEquals(what, next, () -> "then: " + recorder.seen + (result.isDone() ? "; the loop ended: " + result.join() : ""));
        }

        Object end() {
            try {
                return result.get(20, TimeUnit.SECONDS);
            } catch (InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the loop did not end: " + e, e);
            }
        }

        @Override
        public void close() {
            loop.stop(99);
            assertEquals(99, end(), "the loop was still running");
        }
    }

    private Path file() {
        return dir.resolve("seg");
    }

    private Target target(long offset, Long length) {
        return new Target(SegmentName.parse("seg", dir), Segments::open, offset, length, Long.MAX_VALUE, 1);
    }

    private void create(String text, int size) throws IOException {
        Path scratch = dir.resolve("scratch");
        byte[] bytes = new byte[size];
        byte[] utf8 = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(utf8, 0, bytes, 0, utf8.length);
        Files.write(scratch, bytes);
        Files.move(scratch, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void resize(long size) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(file().toFile(), "rw")) {
            file.setLength(size);
        }
    }

    private void write(String text) throws IOException {
        try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), 0);
        }
    }

    @Test
    void a_segment_that_grows_is_an_event_and_the_watch_goes_on_over_the_same_range() throws Exception {
        create("one", 64);
        try (Running watch = new Running(target(0, null), false, false)) {
            watch.expect("started one");
            resize(128);
            watch.expect("# grew 64 -> 128");
            write("two");
            watch.expect("changed two");
            resize(96);
            watch.expect("# shrank 128 -> 96");
        }
    }

    @Test
    void without_follow_a_removed_segment_is_an_event_then_the_one_failure() throws Exception {
        create("one", 64);
        Running watch = new Running(target(0, null), false, false);
        watch.expect("started one");
        Files.delete(file());
        watch.expect("# removed");
        ShmException e = assertInstanceOf(ShmException.class, watch.end());
        assertEquals(ShmException.Reason.REMOVED, e.reason());
        assertEquals("'seg' was removed while in use; stopped", e.getMessage());
    }

    @Test
    void without_follow_a_shrink_under_the_mapping_is_an_event_then_the_failure_never_a_crash() throws Exception {
        create("one", 8192);
        Running watch = new Running(target(0, null), false, false);
        watch.expect("started one");
        resize(100);
        watch.expect("# shrank 8192 -> 100");
        ShmException e = assertInstanceOf(ShmException.class, watch.end());
        assertEquals(ShmException.Reason.SHRANK, e.reason());
        assertTrue(e.getMessage().startsWith("'seg' shrank from 8192 to 100 bytes"), e.getMessage());
    }

    @Test
    void following_a_replaced_segment_watches_the_new_file_from_its_first_value() throws Exception {
        create("one", 64);
        try (Running watch = new Running(target(0, null), false, true)) {
            watch.expect("started one");
            create("two", 32);
            watch.expect("# replaced 64 -> 32");
            watch.expect("changed two");
            write("three");
            watch.expect("changed three");
        }
    }

    @Test
    void following_a_removed_segment_waits_for_the_name_and_says_created() throws Exception {
        create("one", 64);
        try (Running watch = new Running(target(0, null), false, true)) {
            watch.expect("started one");
            Files.delete(file());
            watch.expect("# removed");
            Thread.sleep(100);
            create("back", 16);
            watch.expect("# created 16");
            watch.expect("changed back");
        }
    }

    @Test
    void following_a_shrink_below_the_range_waits_until_the_range_fits_again() throws Exception {
        create("one", 64);
        try (Running watch = new Running(target(0, 32L), false, true)) {
            watch.expect("started one");
            resize(40);
            watch.expect("# shrank 64 -> 40");
            resize(10);
            watch.expect("# shrank 40 -> 10");
            Thread.sleep(150);
            assertEquals(null, watch.recorder.seen.poll(), "too small for the range: waiting, nothing to say");
            resize(64);
            write("two");
            watch.expect("# grew 10 -> 64");
            watch.expect("changed two");
        }
    }

    @Test
    void waiting_for_a_name_shows_a_writers_create_and_truncate_as_one_created() throws Exception {
        try (Running watch = new Running(target(0, null), true, false)) {
            Thread.sleep(100);
            assertEquals(null, watch.recorder.seen.poll());
            Files.createFile(file()); // shm_open(O_CREAT): 0 bytes, nothing to watch yet
            Thread.sleep(100);
            // The size and the bytes in one write: written as "hi" and then truncated to 4096, the file
            // held 2 bytes for a moment, which a check may catch and rightly call "created 2".
            byte[] content = new byte[4096];
            content[0] = 'h';
            content[1] = 'i';
            try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content), 0);
            }
            watch.expect("# created 4096");
            watch.expect("started hi");
        }
    }

    @Test
    void a_negative_offset_counts_from_the_end_each_time_the_name_is_opened() throws Exception {
        create("", 64);
        try (Running watch = new Running(target(-8, null), false, true)) {
            watch.expect("started ");
            create("x".repeat(24) + "tail", 32);
            watch.expect("# replaced 64 -> 32");
            watch.expect("changed tail");
        }
    }

    @Test
    void without_wait_a_name_not_there_fails_at_once_as_any_command() {
        WatchLoop loop = new WatchLoop(target(0, null), Pacer.adaptive(), Duration.ofSeconds(5), false, false);
        ShmException e = assertThrows(ShmException.class, loop::open);
        assertEquals(ShmException.Reason.NOT_FOUND, e.reason());
    }
}
