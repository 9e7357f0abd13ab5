package shmkit.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import shmkit.testing.CommandRun;

/** The error contract, as assertions: one line (plus at most a Try line), no trace, a known exit. */
final class Contract {
    private Contract() {}

    static void assertRefusedCleanly(CommandRun run, String what) {
        assertTrue(run.exit() == 1 || run.exit() == 2, () -> what + ": exit 1 or 2 expected\n" + run);
        var lines = run.errLines();
        assertTrue(!lines.isEmpty() && lines.size() <= 2, () -> what + ": one error line (+ Try) expected\n" + run);
        assertTrue(lines.get(0).startsWith("shm: "), () -> what + ": error starts 'shm: '\n" + run);
        if (lines.size() == 2) {
            assertTrue(lines.get(1).startsWith("Try 'shm"), () -> what + ": second line is the Try line\n" + run);
        }
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), () -> what + ": no trace\n" + run);
    }

    /** Every regular file under dir, by name, with its bytes: compared before and after a refusal. */
    static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (var entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    files.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        return files;
    }

    static void assertUnchanged(Map<String, byte[]> before, Map<String, byte[]> after, String what) {
        assertEquals(before.keySet(), after.keySet(), what + ": the same files");
        for (var entry : before.entrySet()) {
            assertTrue(java.util.Arrays.equals(entry.getValue(), after.get(entry.getKey())),
                    what + ": " + entry.getKey() + " unchanged byte for byte");
        }
    }
}
