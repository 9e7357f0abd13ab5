package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/** --lock and shm lock against programs shm did not write: Python's fcntl.lockf. */
class LockIT {
    @TempDir
    Path dir;

    /** A Python process holding lockf on bytes [start, start+len) until its stdin closes. */
    private Process pythonHolding(Path file, int start, int length) throws Exception {
        Process python = new ProcessBuilder("python3", "-c", """
                import fcntl, os, sys
                f = open(sys.argv[1], 'r+b')
                fcntl.lockf(f, fcntl.LOCK_EX, int(sys.argv[3]), int(sys.argv[2]), os.SEEK_SET)
                print('locked', flush=True)
                sys.stdin.read()
                """, file.toString(), String.valueOf(start), String.valueOf(length)).start();
        String line = new BufferedReader(new InputStreamReader(python.getInputStream())).readLine();
        assertEquals("locked", line);
        return python;
    }

    @Test
    void a_write_with_lock_waits_for_a_python_lockf_on_the_same_bytes() throws Exception {
        Shm shm = new Shm(dir);
        assertEquals(0, shm.process("create", "seg", "--size", "4K").exit());
        Process python = pythonHolding(dir.resolve("seg"), 0, 64);
        try {
            CommandRun timedOut = shm.process("write", "seg", "--lock", "--lock-timeout", "300ms", "--offset", "10", "x");
            assertEquals(124, timedOut.exit(), timedOut::toString);
            assertTrue(timedOut.err().contains("gave up waiting for an exclusive lock on 1 byte at offset 10"), timedOut::toString);
            CommandRun elsewhere = shm.process("write", "seg", "--lock", "--lock-timeout", "300ms", "--offset", "64", "y");
            assertEquals(0, elsewhere.exit(), "bytes outside the locked range are free\n" + elsewhere);
            CommandRun unlocked = shm.process("write", "seg", "--offset", "20", "z");
            assertEquals(0, unlocked.exit(), "advisory: a write without --lock is not stopped\n" + unlocked);

            // A waiting writer proceeds as soon as Python lets go.
            ProcessBuilder waiting = new ProcessBuilder(Shm.launcher().toString(), "write", "seg", "--lock", "--offset", "5", "w");
            waiting.environment().put("SHM_DIR", dir.toString());
            Process writer = waiting.start();
            assertTrue(!writer.waitFor(1, TimeUnit.SECONDS), "the writer waits while the lock is held");
            python.getOutputStream().close();
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, writer.exitValue());
            assertEquals('w', Files.readAllBytes(dir.resolve("seg"))[5]);
        } finally {
            python.destroyForcibly();
        }
    }

    @Test
    void a_dump_written_with_lock_locks_the_span_it_covers_from_a_pipe_and_from_a_file() throws Exception {
        Shm shm = new Shm(dir);
        assertEquals(0, shm.process("create", "seg", "--size", "4K").exit());
        Files.writeString(dir.resolve("inside.hex"), "00000030: 4142  AB\n");
        Process python = pythonHolding(dir.resolve("seg"), 0, 64);
        try {
            byte[] inside = Files.readAllBytes(dir.resolve("inside.hex"));
            CommandRun piped = shm.process(inside, "write", "seg", "--from-dump", "--lock", "--lock-timeout", "300ms");
            assertEquals(124, piped.exit(), piped::toString);
            assertTrue(piped.err().contains("an exclusive lock on 2 bytes at offset 48"), piped::toString);
            CommandRun fromFile = shm.exec(List.of("bash", "-c", "\"$0\" write seg --from-dump --lock --lock-timeout 300ms < "
                    + dir.resolve("inside.hex"), Shm.launcher().toString()), null);
            assertEquals(124, fromFile.exit(), fromFile::toString);
            byte[] outside = "00000040: 4142  AB\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            CommandRun free = shm.process(outside, "write", "seg", "--from-dump", "--lock", "--lock-timeout", "300ms");
            assertEquals(0, free.exit(), free::toString);
            byte[] bytes = Files.readAllBytes(dir.resolve("seg"));
            assertEquals(0, bytes[48], "nothing was written under the held lock");
            assertEquals('A', bytes[64]);
        } finally {
            python.destroyForcibly();
        }
    }

    @Test
    void shm_lock_makes_python_wait() throws Exception {
        Shm shm = new Shm(dir);
        assertEquals(0, shm.process("create", "seg", "--size", "4K").exit());
        Path marker = dir.resolve("held");
        ProcessBuilder locking = new ProcessBuilder(Shm.launcher().toString(), "lock", "seg", "--length", "64", "--",
                "sh", "-c", "touch " + marker + "; sleep 1.5");
        locking.environment().put("SHM_DIR", dir.toString());
        Process holder = locking.start();
        try {
            for (int i = 0; i < 200 && !Files.exists(marker); i++) {
                Thread.sleep(50);
            }
            CommandRun python = shm.exec(List.of("python3", "-c", """
                    import fcntl, os, sys, time
                    f = open(sys.argv[1], 'r+b')
                    try:
                        fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 32, os.SEEK_SET)
                        print('free')
                    except OSError:
                        print('held')
                    """, dir.resolve("seg").toString()), null);
            assertEquals("held\n", python.out(), python::toString);
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, holder.exitValue(), "the command's exit status is shm lock's");
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void with_lock_on_both_sides_no_read_is_torn() throws Exception {
        Shm shm = new Shm(dir);
        assertEquals(0, shm.process("create", "rec", "--size", "64").exit());
        // The writer rewrites the 64-byte record one byte at a time under lockf: without the lock a
        // reader would catch it half-way (bytes of two values).
        Process writer = new ProcessBuilder("python3", "-c", """
                import fcntl, mmap, os, sys, time
                f = open(sys.argv[1], 'r+b')
                m = mmap.mmap(f.fileno(), 64)
                print('go', flush=True)
                end = time.time() + 60
                v = 0
                while time.time() < end:
                    v = (v + 1) % 256
                    fcntl.lockf(f, fcntl.LOCK_EX, 64, 0, os.SEEK_SET)
                    for i in range(64):
                        m[i] = v
                        if i == 32:
                            time.sleep(0.0005)
                    fcntl.lockf(f, fcntl.LOCK_UN, 64, 0, os.SEEK_SET)
                    time.sleep(0.0002)
                """, dir.resolve("rec").toString()).start();
        try {
            assertEquals("go", new BufferedReader(new InputStreamReader(writer.getInputStream())).readLine());
            CommandRun reads = shm.exec(List.of("bash", "-c",
                    "for i in $(seq 12); do \"$0\" read rec --lock --hex; done", Shm.launcher().toString()), null);
            assertEquals(0, reads.exit(), reads::toString);
            List<String> lines = reads.out().lines().toList();
            assertEquals(12, lines.size(), reads::toString);
            for (String hex : lines) {
                assertEquals(hex.substring(0, 2).repeat(64), hex, "a torn read: " + hex);
            }
        } finally {
            writer.destroyForcibly();
        }
    }
}
