package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.Shm;

/** Four batch shells, each adding 1 to one counter 25,000 times, at once: nothing is lost. */
class ShellCounterIT {
    @TempDir
    Path dir;

    @Test
    void four_shells_doing_25000_adds_each_end_at_exactly_100000() throws Exception {
        Shm shm = new Shm(dir);
        assertEquals(0, shm.process("create", "counter", "--size", "8").exit());
        Path script = dir.resolve("adds.shm");
        Files.writeString(script, "add --as i64 1\n".repeat(25_000));
        List<Process> shells = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ProcessBuilder builder = new ProcessBuilder(Shm.launcher().toString(), "shell", "counter")
                    .redirectInput(script.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("SHM_DIR", dir.toString());
            shells.add(builder.start());
        }
        for (Process shell : shells) {
            shell.waitFor(120, TimeUnit.SECONDS);
            assertEquals(0, shell.exitValue());
        }
        assertEquals("100000\n", shm.process("read", "counter", "--as", "i64").out());
    }
}
