package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/** Errors that say what the user most likely meant, for the mistakes newcomers and xxd users make. */
class ErrorHintsTest {
    @TempDir
    Path dir;

    private List<String> refused(int exit, String... args) {
        CommandRun run = new Shm(dir).run(args);
        assertEquals(exit, run.exit(), run::toString);
        return run.errLines();
    }

    @Test
    void a_size_is_one_word() {
        assertEquals("shm: create: unexpected 'MB': a size is one word, such as 10M or 4KiB (not '10 MB')",
                refused(2, "create", "x", "--size", "10", "MB").get(0));
        assertEquals(List.of(), List.of(dir.toFile().list()), "nothing created");
    }

    @Test
    void a_misspelt_option_is_named_without_its_value() {
        new Shm(dir).ok("create", "s", "--size", "8");
        assertEquals("shm: read: unknown option '--lenght' (did you mean '--length'?)", refused(2, "read", "s", "--lenght", "4").get(0));
    }

    @Test
    void other_tools_spellings_point_at_shm_s() {
        new Shm(dir).ok("create", "s", "--size", "8");
        assertEquals("shm: dump: unknown option '-n': shm's is -l/--length (xxd -l, hexdump -n, head -c)",
                refused(2, "dump", "s", "-n", "4").get(0));
        assertEquals("shm: dump: unknown option '-s': shm's is -o/--offset, which also takes -N from the end (xxd -s, hexdump -s, od -j)",
                refused(2, "dump", "s", "-s", "4").get(0));
    }

    @Test
    void a_bare_name_beside_a_file_of_that_name_suggests_the_path() throws Exception {
        Path here = Path.of("").toAbsolutePath();
        Path file = Files.createTempFile(here, "data", ".bin");
        try {
            String name = file.getFileName().toString();
            assertEquals("shm: read: no segment '" + name + "' (looked for " + dir.resolve(name) + "); did you mean the file ./"
                    + name + "? A path needs a '/'", refused(1, "read", name).get(0));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void a_write_past_the_end_says_how_to_grow_the_segment() {
        new Shm(dir).ok("create", "s", "--size", "64");
        assertEquals("shm: write: offset 60 + 5 bytes runs past the end of 's' (64 bytes); to grow it: shm resize s --size 65",
                refused(2, "write", "s", "--offset", "60", "hello").get(0));
    }
}
