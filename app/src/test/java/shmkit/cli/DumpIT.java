package shmkit.cli;

import static shmkit.testing.CommandRun.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.DevShm;
import shmkit.testing.Shm;

/** shm dump and write --from-dump as real processes, in pipelines with xxd, head and each other. */
class DumpIT {
    @TempDir
    Path dir;
    @RegisterExtension
    DevShm devShm = new DevShm();


    private static CommandRun bash(Shm shm, String script) {
        return shm.exec(List.of("bash", "-o", "pipefail", "-c", script, Shm.launcher().toString()), null);
    }

    @Test
    void a_dump_piped_into_xxd_minus_r_rebuilds_the_region() throws Exception {
        Shm shm = new Shm(dir);
        byte[] bytes = new byte[10_007];
        new Random(1).nextBytes(bytes);
        Files.write(dir.resolve("r"), bytes);
        CommandRun rebuilt = ok(bash(shm, "\"$0\" dump r --offset 5 | xxd -r -s -5"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 5, bytes.length), rebuilt.outBytes());
    }

    @Test
    void a_squeezed_dump_piped_into_write_from_dump_rebuilds_the_region() throws Exception {
        Shm shm = new Shm(dir);
        byte[] bytes = new byte[1 << 20];
        new Random(2).nextBytes(bytes);
        Arrays.fill(bytes, 0, 4096, (byte) 0);
        Arrays.fill(bytes, 100_000, 700_000, (byte) 0x55);
        Arrays.fill(bytes, bytes.length - 5000, bytes.length, (byte) 0);
        Files.write(dir.resolve("a"), bytes);
        ok(shm.process("create", "b", "--size", "1M"));
        ok(bash(shm, "\"$0\" write b --fill 0xff --length 1M && \"$0\" dump a --squeeze | \"$0\" write b --from-dump --sync"));
        assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("b")));
    }

    @Test
    void a_closed_pipe_ends_the_dump_quietly() {
        Shm shm = new Shm(dir);
        ok(shm.process("create", "big", "--size", "64M"));
        CommandRun run = bash(shm, "\"$0\" dump big | head -1");
        assertEquals(0, run.exit(), run::toString);
        assertEquals("00000000: 0000 0000 0000 0000 0000 0000 0000 0000  ................\n", run.out());
        assertEquals("", run.err());
    }

    /**
     * A dump of a 256 MiB region (32 MiB of random bytes, then zeros, squeezed) read back from a file
     * and from a pipe: the bytes come back exactly, the process stays under 128 MiB resident (holding
     * the decoded region would take twice that), and the pipe's spool, which keeps 32 MiB in memory
     * and the rest of the ~140 MB of text in TMPDIR, leaves nothing there. The random part sets the
     * time (text to parse); 32 MiB of it is enough for both limits.
     */
    @Test
    void writing_back_a_dump_of_256_mib_from_a_file_and_from_a_pipe_is_exact_and_stays_under_128_mib() throws Exception {
        Shm shm = new Shm(DevShm.DIR).env("TMPDIR", dir.toString());
        String src = devShm.name();
        String dst = devShm.name();
        String text = devShm.name();
        ok(shm.process("create", src, "--size", "256M"));
        ok(shm.process("create", dst, "--size", "256M"));
        ok(bash(shm, "head -c 32M /dev/urandom | \"$0\" write " + src + " - && \"$0\" dump " + src + " --squeeze > "
                + devShm.path(text)));
        CommandRun measured = ok(shm.exec(List.of("python3", "-c", """
                import hashlib, os, subprocess, sys
                shm, src, dst, text = sys.argv[1:]
                def peak(stdin):
                    p = subprocess.Popen([shm, 'write', os.path.basename(dst), '--from-dump'], stdin=stdin)
                    _, status, usage = os.wait4(p.pid, 0)
                    assert os.waitstatus_to_exitcode(status) == 0, 'write --from-dump failed'
                    return usage.ru_maxrss // 1024
                def digest(path):
                    h = hashlib.sha256()
                    with open(path, 'rb') as f:
                        while chunk := f.read(1 << 20):
                            h.update(chunk)
                    return h.hexdigest()
                with open(text, 'rb') as f:
                    from_file = peak(f)
                file_digest = digest(dst)
                subprocess.run([shm, 'write', os.path.basename(dst), '--fill', '0xff', '--length', '256M'], check=True)
                cat = subprocess.Popen(['cat', text], stdout=subprocess.PIPE)
                from_pipe = peak(cat.stdout)
                cat.stdout.close()
                cat.wait()
                print(from_file, from_pipe, digest(src) == file_digest, digest(src) == digest(dst))
                """, Shm.launcher().toString(), devShm.path(src).toString(), devShm.path(dst).toString(),
                devShm.path(text).toString()), null));
        assertTrue(Files.size(devShm.path(text)) > 4 * shmkit.ops.Writes.SPOOL_MEMORY, "the text outgrows the spool's memory");
        String[] fields = measured.out().strip().split(" ");
        assertEquals("True", fields[2], "from a file, the bytes came back exactly: " + measured);
        assertEquals("True", fields[3], "from a pipe, the bytes came back exactly: " + measured);
        assertTrue(Integer.parseInt(fields[0]) < 128, "from a file, peak resident " + fields[0] + " MiB");
        assertTrue(Integer.parseInt(fields[1]) < 128, "from a pipe, peak resident " + fields[1] + " MiB");
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "the spool is unlinked");
        }
    }

    /**
     * A dump of 16 MiB from a pipe is ~70 MB of text, more than the spool keeps in memory (the rest
     * waits in TMPDIR): a bad last line is found only after all of it was read, and still nothing is
     * written. From a file, the pass that checks finds it before the pass that writes begins.
     */
    @Test
    void a_bad_line_at_the_end_of_a_big_dump_is_named_and_changes_nothing() throws Exception {
        Shm shm = new Shm(DevShm.DIR).env("TMPDIR", dir.toString());
        String src = devShm.name();
        String dst = devShm.name();
        String text = devShm.name();
        ok(shm.process("create", src, "--size", "16M"));
        ok(shm.process("create", dst, "--size", "16M"));
        ok(shm.process("write", dst, "--fill", "0x5a", "--length", "16M"));
        ok(bash(shm, "head -c 16M /dev/urandom | \"$0\" write " + src + " - && { \"$0\" dump " + src
                + "; echo '01000000: 4142 zz  AB'; } > " + devShm.path(text)));
        byte[] expected = new byte[16 << 20];
        Arrays.fill(expected, (byte) 0x5a);
        int badLine = 16 * 1024 * 1024 / 16 + 1;
        assertTrue(Files.size(devShm.path(text)) > 2 * shmkit.ops.Writes.SPOOL_MEMORY, "the text outgrows the spool's memory");
        for (String how : List.of("cat " + devShm.path(text) + " | \"$0\" write " + dst + " --from-dump",
                "\"$0\" write " + dst + " --from-dump < " + devShm.path(text))) {
            CommandRun run = bash(shm, how);
            assertEquals(2, run.exit(), run::toString);
            assertEquals("shm: write: line " + badLine + " of the dump ('01000000: 4142 zz  AB') has 'z' where a hex "
                    + "digit belongs (column 16)", run.errLines().get(0), how);
            assertArrayEquals(expected, Files.readAllBytes(devShm.path(dst)), how + ": the segment is as it was");
        }
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "the spool is unlinked");
        }
    }

    @Test
    void dumping_1_gib_stays_under_128_mib_resident() {
        Shm shm = new Shm(DevShm.DIR);
        String name = devShm.name();
        ok(shm.process("create", name, "--size", "1G"));
        CommandRun measured = ok(shm.exec(List.of("python3", "-c", """
                import resource, subprocess, sys
                subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
                print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
                """, Shm.launcher().toString(), "dump", name), null));
        int peakMiB = Integer.parseInt(measured.out().strip());
        assertTrue(peakMiB < 128, "peak resident " + peakMiB + " MiB");
    }
}
