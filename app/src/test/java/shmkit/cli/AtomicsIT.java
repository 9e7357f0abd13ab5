package shmkit.cli;

import static shmkit.testing.CommandRun.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CPeer;
import shmkit.testing.CommandRun;
import shmkit.testing.DevShm;
import shmkit.testing.Shm;

/**
 * Separate processes updating one counter at once lose no update: many shm processes, a cas retry
 * loop among them, and C peers hammering the same counter with __atomic_fetch_add. A plain
 * read-then-write would lose some in every one of these.
 */
class AtomicsIT {
    /** Adds 1 in bursts until the i32 at STOP is non-zero; prints how many it added. */
    private static final String ADDER_C = """
            #include <fcntl.h>
            #include <stdint.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <sys/mman.h>
            #include <sys/stat.h>
            #include <time.h>

            int main(int argc, char **argv) {
                char path[300];
                snprintf(path, sizeof path, "/%s", argv[1]);
                int fd = shm_open(path, O_RDWR, 0);
                if (fd < 0) { perror("shm_open"); return 3; }
                struct stat st;
                fstat(fd, &st);
                unsigned char *base = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
                if (base == MAP_FAILED) { perror("mmap"); return 3; }
                int64_t *counter = (int64_t *) (base + atoi(argv[2]));
                int32_t *stop = (int32_t *) (base + atoi(argv[3]));
                struct timespec pause = {0, 200000};
                long added = 0;
                /* bursts of adds (most of a millisecond) with short pauses: busy enough that an shm process's
                   read-then-write would lose some, idle enough to leave the JVMs some room */
                while (!__atomic_load_n(stop, __ATOMIC_ACQUIRE)) {
                    for (int i = 0; i < 20000; i++) {
                        __atomic_fetch_add(counter, 1, __ATOMIC_SEQ_CST);
                    }
                    added += 20000;
                    nanosleep(&pause, NULL);
                }
                printf("%ld\\n", added);
                return 0;
            }
            """;

    @TempDir
    static Path peers;
    static CPeer adder;

    @RegisterExtension
    DevShm devShm = new DevShm();
    final Shm shm = new Shm(DevShm.DIR);

    @BeforeAll
    static void compilePeers() {
        adder = CPeer.compile(peers, "adder", ADDER_C);
    }


    /** A bash loop of separate shm processes, started now. */
    private CompletableFuture<CommandRun> loop(String script) {
        return CompletableFuture.supplyAsync(() -> shm.exec(List.of("bash", "-c", script, Shm.launcher().toString()), null));
    }

    @Test
    void many_separate_add_processes_and_a_cas_retry_loop_at_once_lose_nothing() throws Exception {
        String name = devShm.name();
        ok(shm.run("create", name, "--size", "64"));
        int each = 4;
        List<CompletableFuture<CommandRun>> loops = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            loops.add(loop("for i in $(seq " + each + "); do \"$0\" add " + name + " --offset 8 --as i64 1 >/dev/null || exit 1; done"));
        }
        // the compare-and-swap idiom from 'shm cas --help': on a lost race, retry from the value it found
        loops.add(loop("for i in $(seq " + each + "); do v=$(\"$0\" read " + name + " --offset 8 --as i64); "
                + "until v=$(\"$0\" cas " + name + " --offset 8 --as i64 $v $((v + 1))); do [ -n \"$v\" ] || exit 1; done; done"));
        for (CompletableFuture<CommandRun> run : loops) {
            ok(run.get());
        }
        assertEquals(4 * each + "\n", ok(shm.run("read", name, "--offset", "8", "--as", "i64")).out());
    }

    @Test
    void shm_add_processes_and_two_c_peers_adding_at_once_lose_nothing() throws Exception {
        String name = devShm.name();
        ok(shm.run("create", name, "--size", "64"));
        List<Process> cPeers = List.of(adder.start(name, "0", "16"), adder.start(name, "0", "16"));
        int each = 5;
        List<CompletableFuture<CommandRun>> loops = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            loops.add(loop("for i in $(seq " + each + "); do \"$0\" add " + name + " --as i64 1 >/dev/null || exit 1; done"));
        }
        try {
            for (CompletableFuture<CommandRun> run : loops) {
                ok(run.get());
            }
        } finally {
            ok(shm.run("write", name, "--offset", "16", "--as", "i32", "1")); // one atomic store the peers see
        }
        long byC = 0;
        for (Process peer : cPeers) {
            String out = new String(peer.getInputStream().readAllBytes()).strip();
            assertEquals(0, peer.waitFor());
            byC += Long.parseLong(out);
        }
        assertTrue(byC > 0, "the C peers ran alongside");
        assertEquals((byC + 2 * each) + "\n", ok(shm.run("read", name, "--as", "i64")).out(),
                "C added " + byC + ", shm " + 2 * each);
    }
}
