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
