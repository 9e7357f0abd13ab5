package shmkit.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/**
 * Runs the command line on thousands of generated argument vectors, in-process, and holds it to the
 * contract: no uncaught exception, exit 0, 1 or 2 only, and a failure is one line plus a Try line.
 * Commands that wait by design (watch, shell, lock, demo) are left out: they are tested on their own.
 * Sizes stay small (at most 1 MiB, plus overflowing ones) so that what it creates stays cheap.
 */
class FuzzTest {
    private static final Set<String> WAITING = Set.of("watch", "shell", "lock", "demo");
    private static final String[] WORDS = {
        "demo", "small", "nope", "..", ".", "", "-", "--", "x/y", "./file.bin", "n".repeat(300), "é", "\0",
        "0", "1", "-1", "-5", "7", "16", "100", "4096", "4097", "0x10", "0xzz", "4K", "1MiB", "1Q", "4KB",
        "99999999999999999999", "9223372036854775807", "-9223372036854775808", "1e3", "3.5", "nan", "abc",
        "de ad be ef", "zz", "a", "bar:i32 baz:i32", "x:i33", "bar=1", "i8", "u64be", "f32", "@/nonexistent",
        "--offset", "-o", "--length", "-l", "--size", "-s", "--mode", "--hex", "-x", "--text", "-t", "--fill",
        "--sync", "--as", "--layout", "--count", "--json", "--help", "-h", "--version", "--bogus", "-Z",
        "--cols", "--group", "--canonical", "--squeeze", "--plain", "--color", "--from-dump", "--force",
        "--sort", "--pages", "--all", "--interval", "--timeout", "--until",
    };

    @TempDir
    Path dir;

    @Test
    void random_command_lines_keep_the_contract() throws IOException {
        Shm shm = new Shm(dir);
        List<String> commands = new ArrayList<>(shmkit.cli.Commands.names());
        commands.removeAll(WAITING);
        commands.add("help");
        commands.add("nonsense");
        Random random = new Random(20261121);
        for (int i = 0; i < 3000; i++) {
            try (var entries = Files.list(dir)) {
                for (Path leftover : entries.toList()) {
                    Files.delete(leftover);
                }
            }
            Files.write(dir.resolve("demo"), new byte[4096]);
            Files.write(dir.resolve("small"), new byte[8]);
            List<String> args = new ArrayList<>();
            args.add(commands.get(random.nextInt(commands.size())));
            int words = random.nextInt(7);
            for (int w = 0; w < words; w++) {
                args.add(WORDS[random.nextInt(WORDS.length)]);
            }
            String[] argv = args.toArray(String[]::new);
            CommandRun run;
            try {
                run = shm.runWithInput(new byte[] {1, 2, 3}, argv);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("uncaught for " + List.of(argv), e);
            }
            if (run.exit() != 0 && run.exit() != 1 && run.exit() != 2) {
                fail("exit " + run.exit() + " for " + List.of(argv) + "\n" + run);
            }
            if (argv[0].equals("rm") && run.exit() == 1) {
                // rm says one line for each name it could not remove, as rm(1) does
                assertTrue(run.errLines().stream().allMatch(l -> l.startsWith("shm: rm: ")), run::toString);
            } else if (run.exit() != 0 && !(argv.length == 1 && argv[0].equals("help"))) {
                Contract.assertRefusedCleanly(run, String.join(" ", argv));
            }
            assertTrue(!run.err().contains("\tat "), () -> "trace for " + List.of(argv) + "\n" + run);
        }
    }
}
