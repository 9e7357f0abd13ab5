package shmkit.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/** Files planted at a segment's name: never followed, never hung on, never changed. */
class HostileFilesTest {
    @TempDir
    Path dir;
    Shm shm;

    @BeforeEach
    void setUp() {
        shm = new Shm(dir);
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private void assertRefusedEverywhere(String name, String says) {
        for (String[] args : List.of(new String[] {"read", name}, new String[] {"write", name, "x"},
                new String[] {"write", name, "--fill", "1", "--length", "1"}, new String[] {"create", name, "--size", "8"},
                new String[] {"read", name, "--text"})) {
            CommandRun run = shm.run(args);
            Contract.assertRefusedCleanly(run, String.join(" ", args));
            assertTrue(run.err().contains(says), run::toString);
        }
    }

    @Test
    void a_symlink_is_never_followed_and_its_target_stays_untouched() throws IOException {
        Path target = dir.resolve("victim");
        Files.writeString(target, "do not touch");
        Files.createSymbolicLink(dir.resolve("trap"), target);
        assertRefusedEverywhere("trap", "symbolic link");
        assertEquals("do not touch", Files.readString(target));
        assertTrue(Files.isSymbolicLink(dir.resolve("trap")), "the link itself is left alone");
    }

    @Test
    void a_dangling_symlink_is_not_created_through() throws IOException {
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("would-be-created"));
        assertRefusedEverywhere("dangling", "symbolic link");
        assertTrue(Files.notExists(dir.resolve("would-be-created"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void a_directory_is_not_a_segment() throws IOException {
        Files.createDirectory(dir.resolve("folder"));
        assertRefusedEverywhere("folder", "directory");
    }

    @Test
    @Timeout(20)
    void a_fifo_is_refused_without_hanging() throws Exception {
        assumeTrue(run("mkfifo", dir.resolve("pipe").toString()), "mkfifo");
        assertRefusedEverywhere("pipe", "FIFO");
    }

    @Test
    void a_device_is_refused() throws Exception {
        assumeTrue(run("mknod", dir.resolve("null").toString(), "c", "1", "3"), "mknod needs root");
        assertRefusedEverywhere("null", "character device");
    }

    @Test
    void a_symlink_to_a_device_is_refused_as_a_link() throws IOException {
        Files.createSymbolicLink(dir.resolve("zero"), Path.of("/dev/zero"));
        assertRefusedEverywhere("zero", "symbolic link");
    }
}
