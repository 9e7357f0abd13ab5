package shmkit.cli;

import static shmkit.testing.CommandRun.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.DevShm;
import shmkit.testing.Shm;

/** Separate processes through the real scripts/shm, and peers that shm did not write (Python). */
class ProcessIT {
    @TempDir
    Path dir;
    @RegisterExtension
    DevShm devShm = new DevShm();


    @Test
    void one_process_creates_and_writes_another_reads() {
        Shm shm = new Shm(dir);
        ok(shm.process("create", "demo", "--size", "100"));
        CommandRun zeros = ok(shm.process("read", "demo"));
        assertArrayEquals(new byte[100], zeros.outBytes());
        ok(shm.process("write", "demo", "--fill", "a", "--length", "100"));
        assertEquals("a".repeat(100) + "\n", ok(shm.process("read", "demo", "--text")).out());
    }

    @Test
    void fill_takes_a_digit_in_quotes_as_the_character_and_a_bare_one_as_the_byte() {
        Shm shm = new Shm(dir);
        ok(shm.process("create", "demo", "--size", "8"));
        // typed in a shell as the help shows it: --fill "'1'"
        ok(shm.exec(List.of("bash", "-c", "\"$0\" write demo --fill \"'1'\" --length 4", Shm.launcher().toString()), null));
        ok(shm.process("write", "demo", "--offset", "4", "--fill", "1", "--length", "4"));
        assertArrayEquals(new byte[] {'1', '1', '1', '1', 1, 1, 1, 1}, ok(shm.process("read", "demo")).outBytes());
        CommandRun two = shm.process("write", "demo", "--fill", "'12'", "--length", "4");
        assertEquals(2, two.exit(), two::toString);
        assertTrue(two.err().contains("'12'") && two.err().contains("not one character"), two::toString);
        assertTrue(ok(shm.process("write", "--help")).out().contains("--fill \"'1'\" --length 8"), "the help's example");
    }

    @Test
    void a_bare_name_is_the_object_python_shared_memory_opens_by_name() {
        Shm shm = new Shm(DevShm.DIR);
        String name = devShm.name();
        ok(shm.process("create", name, "--size", "64"));
        ok(shm.process("write", name, "from shm"));
        CommandRun python = ok(shm.exec(List.of("python3", "-c", """
                import sys
                from multiprocessing import shared_memory, resource_tracker
                m = shared_memory.SharedMemory(name=sys.argv[1])
                # Python < 3.13 would unlink a segment it only attached to when it exits (track=False later)
                resource_tracker.unregister(m._name, 'shared_memory')
                print(bytes(m.buf[:8]).decode())
                m.buf[8:16] = b'+python'.ljust(8, b'!')
                m.close()
                """, name), null));
        assertEquals("from shm\n", python.out());
        assertEquals("from shm+python!\n", ok(shm.process("read", name, "--text")).out());
    }

    @Test
    void python_mmap_on_a_file_and_shm_see_each_others_bytes() throws IOException {
        Shm shm = new Shm(dir);
        Path file = dir.resolve("region.bin");
        ok(shm.process("create", file.toString(), "--size", "4K"));
        ok(shm.process("write", file.toString(), "--offset", "0", "1111111111"));
        CommandRun python = ok(shm.exec(List.of("python3", "-c", """
                import mmap, sys
                with open(sys.argv[1], 'r+b') as f:
                    m = mmap.mmap(f.fileno(), 0)
                    print(m[:10].decode())
                    m[100:110] = b'python was'
                    m.flush()
                    m.close()
                """, file.toString()), null));
        assertEquals("1111111111\n", python.out());
        assertEquals("python was", ok(shm.process("read", file.toString(), "-o", "100", "-l", "10")).out());
        assertEquals(4096, Files.size(file), "python's open for write did not truncate, nor did shm's");
    }

    @Test
    void a_64k_random_binary_survives_write_then_read() {
        Shm shm = new Shm(dir);
        byte[] random = new byte[65536];
        new Random(7).nextBytes(random);
        ok(shm.process("create", "bin", "--size", "64K"));
        ok(shm.process(random, "write", "bin", "-"));
        assertArrayEquals(random, ok(shm.process("read", "bin")).outBytes());
    }

    /**
     * A file on standard input is copied by the kernel (copy_file_range for a file, a copy from the
     * file for System V): from where the file's position stands, to the offset, exactly the bytes
     * asked for, and refused whole, the segment untouched, when it does not fit.
     */
    @Test
    void a_file_on_standard_input_lands_from_its_position_exactly_and_is_refused_whole_when_too_long() throws IOException {
        Shm shm = new Shm(dir);
        byte[] random = new byte[3 * (8 << 20) + 12345];
        new Random(11).nextBytes(random);
        Path file = dir.resolve("input.bin");
        Files.write(file, random);
        String launcher = Shm.launcher().toString();
        ok(shm.process("create", "big", "--size", "32M"));
        // The shell read 100 bytes first: shm takes the rest, from the file's position on.
        ok(shm.exec(List.of("bash", "-c", "{ head -c 100 > /dev/null; \"$0\" write big --offset 7 -; } < \"$1\"",
                launcher, file.toString()), null));
        byte[] big = ok(shm.process("read", "big")).outBytes();
        byte[] expected = new byte[32 << 20];
        System.arraycopy(random, 100, expected, 7, random.length - 100);
        assertArrayEquals(expected, big);

        ok(shm.exec(List.of("bash", "-c", "\"$0\" write big --length 5 - < \"$1\"", launcher, file.toString()), null));
        assertArrayEquals(java.util.Arrays.copyOf(random, 5), ok(shm.process("read", "big", "--length", "5")).outBytes());

        ok(shm.process("create", "small", "--size", "24M"));
        ok(shm.process("write", "small", "--fill", "x", "--length", "24M"));
        CommandRun tooLong = shm.exec(List.of("bash", "-c", "\"$0\" write small - < \"$1\"", launcher, file.toString()), null);
        assertEquals(2, tooLong.exit(), tooLong::toString);
        assertTrue(tooLong.errLines().get(0).contains("runs past the end of 'small'"), tooLong::toString);
        byte[] untouched = new byte[24 << 20];
        java.util.Arrays.fill(untouched, (byte) 'x');
        assertArrayEquals(untouched, ok(shm.process("read", "small")).outBytes());
    }

    /** The same into a System V segment, which has no file for the kernel to copy into. */
    @Test
    void a_file_on_standard_input_lands_in_a_system_v_segment() throws IOException {
        Shm shm = new Shm(dir);
        String key = "0x5f" + String.format("%06x", new Random().nextInt(1 << 24));
        byte[] random = new byte[(1 << 20) + 3];
        new Random(13).nextBytes(random);
        Path file = dir.resolve("input.bin");
        Files.write(file, random);
        ok(shm.process("create", "sysv:" + key, "--size", "2M"));
        try {
            ok(shm.exec(List.of("bash", "-c", "\"$0\" write \"$1\" --offset 1 - < \"$2\"", Shm.launcher().toString(),
                    "sysv:" + key, file.toString()), null));
            byte[] back = ok(shm.process("read", "sysv:" + key, "--offset", "1", "--length", String.valueOf(random.length))).outBytes();
            assertArrayEquals(random, back);
        } finally {
            shm.process("rm", "sysv:" + key);
        }
    }

    @Test
    void read_pipes_into_write_to_copy_a_segment() {
        Shm shm = new Shm(dir);
        ok(shm.process("create", "a", "--size", "1K"));
        ok(shm.process("create", "b", "--size", "1K"));
        ok(shm.process("write", "a", "--offset", "10", "copied"));
        CommandRun copy = ok(shm.exec(List.of("bash", "-c", "\"$0\" read a | \"$0\" write b -", Shm.launcher().toString()), null));
        assertEquals("", copy.err());
        assertArrayEquals(ok(shm.process("read", "a")).outBytes(), ok(shm.process("read", "b")).outBytes());
    }

    @Test
    void racing_creates_have_exactly_one_winner() throws Exception {
        Shm shm = new Shm(dir);
        List<CompletableFuture<CommandRun>> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> shm.process("create", "race", "--size", "1M")));
        }
        int winners = 0;
        for (var run : runs) {
            CommandRun result = run.get();
            if (result.exit() == 0) {
                winners++;
            } else {
                assertEquals(1, result.exit(), result::toString);
                assertTrue(result.err().contains("already exists"), result::toString);
            }
        }
        assertEquals(1, winners);
        assertEquals(1 << 20, Files.size(dir.resolve("race")));
        try (var entries = Files.list(dir)) {
            assertEquals(List.of("race"), entries.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void a_closed_pipe_ends_quietly() {
        Shm shm = new Shm(dir);
        ok(shm.process("create", "big", "--size", "64M"));
        CommandRun run = shm.exec(List.of("bash", "-o", "pipefail", "-c", "\"$0\" read big | head -c 10 >/dev/null",
                Shm.launcher().toString()), null);
        assertEquals(0, run.exit(), run::toString);
        assertEquals("", run.err());
    }

    @Test
    void errors_are_one_line_without_a_trace() {
        Shm shm = new Shm(dir);
        CommandRun run = shm.process("read", "missing");
        assertEquals(1, run.exit(), run::toString);
        assertEquals(List.of("shm: read: no segment 'missing' (looked for " + dir.resolve("missing") + ")"), run.errLines());
    }

    @Test
    void the_launcher_names_the_text_bytes_it_wrote() {
        Shm shm = new Shm(dir);
        ok(shm.process("create", "t", "--size", "16"));
        ok(shm.process("write", "t", "héllo"));
        assertEquals("héllo\n", new String(ok(shm.process("read", "t", "--text")).outBytes(), StandardCharsets.UTF_8));
    }
}
