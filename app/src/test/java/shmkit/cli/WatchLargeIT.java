package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;
import shmkit.testing.Spawned;
import shmkit.testing.TmpfsDir;
import shmkit.testing.Tmux;

/**
 * shm watch on segments too large to copy (over 16 MiB), as real processes against a Python writer:
 * sparse files on tmpfs, so a gigabyte costs the machine only the pages written.
 */
class WatchLargeIT {
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final long MiB = 1 << 20;

    @TempDir(factory = TmpfsDir.class)
    Path dir;

    private Path sparse(String name, long size) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        return file;
    }

    private CommandRun python(String script, String... args) {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(args));
        CommandRun run = new Shm(dir).exec(command, null);
        assertEquals(0, run.exit(), run::toString);
        return run;
    }

    /** Writes bytes at an offset through a shared mapping, as any foreign program would. */
    private static final String POKE = """
            import mmap, sys
            with open(sys.argv[1], 'r+b') as f:
                m = mmap.mmap(f.fileno(), 0)
                for i in range(2, len(sys.argv), 2):
                    at = int(sys.argv[i])
                    data = sys.argv[i + 1].encode()
                    m[at:at + len(data)] = data
                m.close()
            """;

    @Test
    void a_change_deep_in_a_long_line_lands_in_a_cold_page_and_prints_the_right_bytes() throws IOException {
        Path big = sparse("big", 256 * MiB);
        long textLength = 2 * MiB;
        try (FileChannel channel = FileChannel.open(big, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("a".repeat((int) textLength).getBytes(StandardCharsets.US_ASCII)), 0);
        }
        try (Spawned watch = Spawned.shm(dir, "watch", "big", "--text", "--count", "1", "--timeout", "60s")) {
            assertEquals("a".repeat((int) textLength), watch.nextLine(LONG));
            // Past the text's NUL: a change of the range, but not of the line, so nothing is printed for it.
            python(POKE, big.toString(), Long.toString(200 * MiB), "unseen");
            // 2 MiB into the line: not among the pages kept for it, found by the scan, read from the file.
            python(POKE, big.toString(), Long.toString(textLength - 5), "tail!");
            CommandRun run = watch.await(LONG);
            assertEquals(0, run.exit(), () -> run.err() + " after " + run.out().length() + " characters");
            List<String> lines = run.out().lines().toList();
            assertEquals(2, lines.size(), "the first value and one change");
            assertEquals("a".repeat((int) textLength - 5) + "tail!", lines.get(1));
            assertEquals("", run.err());
        }
    }

    /** Runs a watch of a sparse gigabyte for 3 s while writing, and reports its peak resident set (wait4). */
    private static final String PEAK_RSS = """
            import mmap, os, subprocess, sys, time
            launcher, path = sys.argv[1], sys.argv[2]
            watch = subprocess.Popen([launcher, 'watch', 'big', '--text', '--timeout', '3s'], stdout=subprocess.PIPE)
            watch.stdout.readline()
            with open(path, 'r+b') as f:
                m = mmap.mmap(f.fileno(), 0)
                for n in range(1, 31):
                    m[0:16] = (b'msg %d' % n).ljust(16, b'\\0')
                    far = (n * 33 << 20) % len(m)
                    m[far:far + 4] = b'far!'
                    time.sleep(0.05)
                m.close()
            out = watch.stdout.read().decode()
            _, status, usage = os.wait4(watch.pid, 0)
            print(os.waitstatus_to_exitcode(status), usage.ru_maxrss, out.splitlines()[-1])
            """;

    @Test
    void watching_a_gigabyte_while_it_is_written_stays_under_128_MiB_resident() throws IOException {
        Path big = sparse("big", 1024 * MiB);
        CommandRun run = python(PEAK_RSS, Shm.launcher().toString(), big.toString());
        String[] result = run.out().strip().split(" ", 3);
        assertEquals("124", result[0], run::toString);
        long peakKiB = Long.parseLong(result[1]);
        assertTrue(peakKiB < 128 * 1024, "peak resident set " + peakKiB / 1024 + " MiB");
        assertEquals("msg 30", result[2], "the last value written was the last line printed");
    }

    @Test
    void a_large_segment_that_shrinks_or_is_removed_ends_the_watch_with_one_line() throws Exception {
        sparse("big", 256 * MiB);
        try (Spawned watch = Spawned.shm(dir, "watch", "big", "--text", "--timeout", "60s")) {
            watch.nextLine(LONG);
            python("import os, sys; os.truncate(sys.argv[1], 4096)", dir.resolve("big").toString());
            CommandRun run = watch.await(LONG);
            assertEquals(1, run.exit(), run::toString);
            assertEquals(List.of("shm: watch: 'big' shrank from 268435456 to 4096 bytes while in use; stopped"), run.errLines());
        }
        sparse("other", 256 * MiB);
        try (Spawned watch = Spawned.shm(dir, "watch", "other", "--text", "--timeout", "60s")) {
            watch.nextLine(LONG);
            Files.delete(dir.resolve("other"));
            CommandRun run = watch.await(LONG);
            assertEquals(1, run.exit(), run::toString);
            assertEquals(List.of("shm: watch: 'other' was removed while in use; stopped"), run.errLines());
        }
    }

    @Test
    void on_a_terminal_a_change_at_the_end_of_a_large_segment_shows_once_scrolled_there() throws IOException {
        Path big = sparse("big", 256 * MiB);
        String command = "SHM_DIR='" + dir + "' '" + Shm.launcher() + "' watch big; echo EXIT=$?; sleep 60";
        try (Tmux terminal = new Tmux(command, 100, 30)) {
            assertTrue(terminal.await(s -> s.contains("shm watch big")).contains("268435456 bytes | 0 changes"));
            terminal.keys("End");
            String end = terminal.await(s -> s.contains("0ffffff0  "));
            assertTrue(end.contains("of 16777216"), end);
            python(POKE, big.toString(), Long.toString(256 * MiB - 40), "world");
            String screen = terminal.await(s -> s.contains("77 6f 72 6c 64"));
            assertTrue(screen.lines().anyMatch(l -> l.startsWith("0fffffd0  00 00 00 00 00 00 00 00  77 6f 72 6c 64 00")),
                    screen);
            assertTrue(screen.contains("| 1 change |"), screen);
            terminal.keys("q");
            assertTrue(terminal.await(s -> s.contains("EXIT=")).contains("EXIT=0"));
        }
    }
}
