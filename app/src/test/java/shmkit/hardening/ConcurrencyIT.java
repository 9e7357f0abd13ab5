package shmkit.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/** Separate shm processes racing each other: every outcome is a clean one. */
class ConcurrencyIT {
    @TempDir
    Path dir;

    @Test
    void racing_rm_and_create_each_end_cleanly_and_leave_a_whole_segment_or_none() throws Exception {
        Shm shm = new Shm(dir);
        for (int round = 0; round < 3; round++) {
            assertEquals(0, shm.process("create", "r", "--size", "64K").exit());
            List<CompletableFuture<CommandRun>> runs = new ArrayList<>();
            runs.add(CompletableFuture.supplyAsync(() -> shm.process("rm", "r")));
            runs.add(CompletableFuture.supplyAsync(() -> shm.process("create", "r", "--size", "64K")));
            runs.add(CompletableFuture.supplyAsync(() -> shm.process("create", "r", "--size", "64K")));
            int removed = 0;
            int created = 0;
            for (var future : runs) {
                CommandRun run = future.get();
                assertTrue(run.exit() == 0 || run.exit() == 1, run::toString);
                assertTrue(run.errLines().size() <= 1, run::toString);
                if (run.exit() == 1) {
                    assertTrue(run.err().contains("already exists") || run.err().contains("no segment"), run::toString);
                }
            }
            Path r = dir.resolve("r");
            if (Files.exists(r)) {
                assertArrayEquals(new byte[64 << 10], Files.readAllBytes(r), "a whole, zero-filled segment");
                Files.delete(r);
            }
            try (var files = Files.list(dir)) {
                assertEquals(List.of(), files.map(p -> p.getFileName().toString()).toList(), "no scratch file left");
            }
        }
    }

    @Test
    void concurrent_writers_to_separate_ranges_all_land() throws Exception {
        Shm shm = new Shm(dir);
        assertEquals(0, shm.process("create", "w", "--size", "4K").exit());
        List<CompletableFuture<CommandRun>> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            runs.add(CompletableFuture.supplyAsync(() -> shm.process("write", "w", "--offset", String.valueOf(n * 512),
                    "--fill", String.valueOf(n + 1), "--length", "512")));
        }
        for (var run : runs) {
            assertEquals(0, run.get().exit(), run.get()::toString);
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("w"));
        for (int i = 0; i < 6; i++) {
            for (int b = 0; b < 512; b++) {
                assertEquals(i + 1, bytes[i * 512 + b], "byte " + (i * 512 + b));
            }
        }
        for (int b = 3072; b < 4096; b++) {
            assertEquals(0, bytes[b]);
        }
    }
}
