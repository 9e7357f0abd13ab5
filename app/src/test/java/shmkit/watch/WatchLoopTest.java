package shmkit.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.ShmException;
import shmkit.segment.Segment;
import shmkit.segment.SegmentName;
import shmkit.segment.Segments;

class WatchLoopTest {
    @TempDir
    Path dir;

    private Segment segment() {
        SegmentName name = SegmentName.parse("seg", dir);
        Segments.create(name, 64, Segments.DEFAULT_MODE, null);
        return Segments.open(name);
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
        try (Segment region = segment(); Watcher watcher = new Watcher(region, 0, 64, 1)) {
            WatchLoop loop = new WatchLoop(watcher, Pacer.adaptive(), Duration.ofMillis(30));
            assertEquals(ShmException.TIMEOUT, loop.run(new UntilNonZero()));
        }
    }

    @Test
    void the_listener_ends_the_watch_with_its_status() throws Exception {
        try (Segment region = segment(); Watcher watcher = new Watcher(region, 0, 64, 1)) {
            WatchLoop loop = new WatchLoop(watcher, Pacer.adaptive(), Duration.ofSeconds(20));
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
        try (Segment region = segment(); Watcher watcher = new Watcher(region, 0, 64, 1)) {
            WatchLoop loop = new WatchLoop(watcher, Pacer.every(Duration.ofSeconds(30)), null);
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
        try (Segment region = segment(); Watcher watcher = new Watcher(region, 0, 64, 1)) {
            Files.delete(dir.resolve("seg"));
            WatchLoop loop = new WatchLoop(watcher, Pacer.adaptive(), Duration.ofSeconds(20));
            ShmException e = assertThrows(ShmException.class, () -> loop.run(new UntilNonZero()));
            assertEquals(ShmException.FAILURE, e.status());
            assertTrue(e.getMessage().contains("'seg' was removed"), e.getMessage());
        }
    }
}
