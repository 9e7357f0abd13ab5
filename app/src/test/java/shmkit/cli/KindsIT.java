package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static shmkit.testing.CommandRun.ok;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CPeer;
import shmkit.testing.CommandRun;
import shmkit.testing.Driven;
import shmkit.testing.JsonQuery;
import shmkit.testing.Shm;
import shmkit.testing.Spawned;

/**
 * The kinds of shared memory that have no name in a folder, each held by a real program while shm
 * lists, reads, writes, dumps and watches it from outside: a System V segment a C program made with
 * a key, a memfd a C program holds, the anonymous block a C program shares with its forked child,
 * and Python's mmap(-1, n) shared across os.fork(). Each program is driven through its stdin
 * ("poke OFFSET TEXT", "show N", and its own commands) and says what it sees.
 */
class KindsIT {
    /** The commands every program here answers, over its block of shared memory. */
    private static final String SERVE = """
            #define _GNU_SOURCE
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <unistd.h>
            #include <sys/mman.h>
            #include <sys/shm.h>
            #include <sys/wait.h>

            /* One command a line: poke OFFSET TEXT, show N, exit, or the program's own (extra). */
            static void serve(unsigned char *block, int (*extra)(const char *)) {
                char line[512];
                while (fgets(line, sizeof line, stdin)) {
                    line[strcspn(line, "\\n")] = 0;
                    if (!strncmp(line, "poke ", 5)) {
                        char *text = strchr(line + 5, ' ');
                        memcpy(block + strtoul(line + 5, NULL, 0), text + 1, strlen(text + 1));
                        puts("poked");
                    } else if (!strncmp(line, "show ", 5)) {
                        printf("shows %.*s\\n", (int) strtoul(line + 5, NULL, 0), (char *) block);
                    } else if (!strcmp(line, "exit")) {
                        return;
                    } else if (!extra || !extra(line)) {
                        printf("unknown %s\\n", line);
                    }
                    fflush(stdout);
                }
            }
            """;

    /** sysv create|attach KEY: a System V segment of 4096 bytes; "rmid" removes it while attached. */
    private static final String SYSV_C = SERVE + """
            static int id;
            static int removed;
            static int rmid(const char *line) {
                if (strcmp(line, "rmid")) return 0;
                shmctl(id, IPC_RMID, NULL);
                removed = 1;
                puts("removed");
                return 1;
            }
            int main(int argc, char **argv) {
                int create = !strcmp(argv[1], "create");
                id = shmget((key_t) strtoul(argv[2], NULL, 0), create ? 4096 : 0, create ? IPC_CREAT | IPC_EXCL | 0600 : 0);
                if (id < 0) { perror("shmget"); return 3; }
                unsigned char *block = shmat(id, NULL, 0);
                if (block == (void *) -1) { perror("shmat"); return 3; }
                printf("ready %d %d\\n", getpid(), id);
                fflush(stdout);
                serve(block, rmid);
                shmdt(block);
                if (create && !removed) shmctl(id, IPC_RMID, NULL);
                return 0;
            }
            """;

    /** memfd NAME: a memfd of 8192 bytes, mapped; "shrink N" ftruncates it. */
    private static final String MEMFD_C = SERVE + """
            static int fd;
            static int shrink(const char *line) {
                if (strncmp(line, "shrink ", 7)) return 0;
                if (ftruncate(fd, strtol(line + 7, NULL, 0))) perror("ftruncate");
                puts("shrunk");
                return 1;
            }
            int main(int argc, char **argv) {
                fd = memfd_create(argv[1], 0);
                if (fd < 0 || ftruncate(fd, 8192)) { perror("memfd_create"); return 3; }
                unsigned char *block = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
                if (block == MAP_FAILED) { perror("mmap"); return 3; }
                printf("ready %d %d\\n", getpid(), fd);
                fflush(stdout);
                serve(block, shrink);
                return 0;
            }
            """;

    /**
     * The classic: a 100-byte anonymous shared block, then fork. The child sleeps until the block's
     * first byte is set, prints what it sees, and stays until its parent is gone.
     */
    private static final String FORK_C = SERVE + """
            int main(void) {
                unsigned char *block = mmap(NULL, 100, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
                if (block == MAP_FAILED) { perror("mmap"); return 3; }
                pid_t parent = getpid();
                pid_t child = fork();
                if (child == 0) {
                    while (block[0] == 0 && getppid() == parent) usleep(1000);
                    if (block[0]) { printf("child %d saw %.*s\\n", getpid(), 100, (char *) block); fflush(stdout); }
                    while (getppid() == parent) usleep(10000);
                    _exit(0);
                }
                printf("ready %d %p %d\\n", getpid(), (void *) block, child);
                fflush(stdout);
                serve(block, NULL);
                return 0;
            }
            """;

    /** Python's tutorial version: mmap.mmap(-1, n) is MAP_SHARED|MAP_ANONYMOUS; the child sleeps until a byte is set. */
    private static final String FORK_PY = """
            import mmap, os, sys, time
            m = mmap.mmap(-1, 100)
            pid = os.fork()
            if pid == 0:
                while m[0] == 0:
                    time.sleep(0.01)
                print('child', os.getpid(), 'saw', m[:m.find(b'\\0')].decode(), flush=True)
                os._exit(0)
            print('ready', os.getpid(), pid, flush=True)
            os.waitpid(pid, 0)
            sys.stdin.read()
            """;

    @TempDir
    Path dir;

    private final List<Integer> keys = new ArrayList<>();

    /** A System V key nobody uses, removed after the test whatever happened. */
    private String key() {
        int key = 0x5e000000 | ThreadLocalRandom.current().nextInt(1 << 24);
        keys.add(key);
        return "0x" + Integer.toHexString(key);
    }

    @AfterEach
    void removeKeys() {
        for (int key : keys) {
            Shm.exec(List.of("ipcrm", "-M", Integer.toString(key)), null, Map.of());
        }
    }

    private CommandRun failed(CommandRun run) {
        assertEquals(1, run.exit(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        return run;
    }

    @Test
    void a_system_v_segment_of_a_running_c_program_is_listed_read_written_dumped_and_watched() throws IOException {
        Shm shm = new Shm(dir);
        String key = key();
        String name = "sysv:" + key;
        CPeer.compile(dir, "sysv", SYSV_C);
        try (Driven c = Driven.start(List.of(dir.resolve("sysv").toString(), "create", key))) {
            List<String> ready = c.expect("ready");
            String id = ready.get(2);
            c.send("poke 0 from C");
            c.expect("poked");

            String json = ok(shm.process("list", "--kind", "sysv", "--json")).out();
            String mine = "[s for s in d['sysv'] if s['key'] == '" + key + "'][0]";
            assertEquals(List.of("'" + name + "'", id, "4096", "'0600'", "1", ready.get(1), "[" + ready.get(1) + "]", "False"),
                    JsonQuery.query(json, mine + "['name']", mine + "['id']", mine + "['size']", mine + "['mode']",
                            mine + "['nattch']", mine + "['cpid']", mine + "['pids']", mine + "['markedForRemoval']"));
            // What ipcs -m -p -t shows besides: the owner, the last process to attach, when it attached.
            String me = Shm.exec(List.of("id", "-un"), null, Map.of()).out().strip();
            assertEquals(List.of("'" + me + "'", ready.get(1), "True", "None"),
                    JsonQuery.query(json, mine + "['owner']", mine + "['lpid']",
                            "abs(__import__('datetime').datetime.fromisoformat(" + mine + "['attached'].replace('Z', '+00:00')).timestamp()"
                                    + " - __import__('time').time()) < 600", mine + "['detached']"));
            CommandRun info = ok(shm.process("info", "sysv:id:" + id));
            assertTrue(info.out().contains("key " + key + ", id " + id), info::toString);
            assertTrue(info.out().contains("  pid " + ready.get(1) + " "), info::toString);

            assertEquals("from C", ok(shm.process("read", name, "--length", "6")).out());
            try (Spawned watch = Spawned.shm(dir, "watch", name, "--text", "--length", "16")) {
                assertEquals("from C", watch.nextLine(Duration.ofSeconds(20)));
                ok(shm.process("write", name, "--offset", "0", "from shm"));
                c.send("show 16");
                assertEquals("shows from shm", c.nextLine());
                assertEquals("from shm", watch.nextLine(Duration.ofSeconds(20)));
                c.send("poke 0 again C!");
                c.expect("poked");
                assertEquals("again C!", watch.nextLine(Duration.ofSeconds(20)));
                assertEquals("00000000: 6167 6169 6e20 4321 0000 0000 0000 0000  again C!........\n",
                        ok(shm.process("dump", "sysv:id:" + id, "--length", "16")).out());

                // Removing it while the program (and the watch) attach it is refused, naming them; the watch goes on.
                CommandRun rm = failed(shm.process("rm", name));
                assertTrue(rm.err().contains(ready.get(1) + " (" + dir.resolve("sysv") + " create") && rm.err().contains("--force"),
                        rm::toString);

                // The program removes it (IPC_RMID) while still attached: the watch says so and ends, exit 1.
                c.send("rmid");
                c.expect("removed");
                CommandRun ended = watch.await(Duration.ofSeconds(20));
                assertEquals(1, ended.exit(), ended::toString);
                assertTrue(ended.err().contains(name + "' was marked for removal (IPC_RMID"), ended::toString);
            }
            // Gone by key now (its key is IPC_PRIVATE once marked); by id it is still there, as ipcs shows it.
            assertTrue(failed(shm.process("read", name)).err().contains("no System V segment"));
            assertTrue(ok(shm.process("info", "sysv:id:" + id)).out().contains("marked for removal (dest)"));
        }
    }

    @Test
    void shm_creates_a_system_v_segment_that_c_attaches_by_key_and_removes_it_only_when_free() {
        Shm shm = new Shm(dir);
        String key = key();
        String name = "sysv:" + key;
        ok(shm.process("create", name, "--size", "4096", "--mode", "640"));
        CommandRun ipcs = Shm.exec(List.of("ipcs", "-m"), null, Map.of());
        assertTrue(ipcs.out().lines().anyMatch(l -> l.startsWith(key)
                && l.contains(" 640 ") && l.contains(" 4096 ")), ipcs::toString);
        assertTrue(failed(shm.process("create", name, "--size", "4096")).err().contains("already exists"));
        ok(shm.process("write", name, "hello C"));

        CPeer.compile(dir, "sysv", SYSV_C);
        try (Driven c = Driven.start(List.of(dir.resolve("sysv").toString(), "attach", key))) {
            c.expect("ready");
            c.send("show 16");
            assertEquals("shows hello C", c.nextLine());
            assertTrue(failed(shm.process("rm", name)).err().contains("still attaches it"));
            // --force marks it for removal; the program keeps its memory until it detaches.
            CommandRun forced = ok(shm.process("rm", "--force", name));
            assertTrue(forced.err().contains("marked '" + name + "' for removal"), forced::toString);
            c.send("show 16");
            assertEquals("shows hello C", c.nextLine());
        }
        assertTrue(failed(shm.process("read", name)).err().contains("no System V segment"));
    }

    @Test
    void a_memfd_held_by_a_running_c_program_is_reached_by_its_name_and_by_its_descriptor() throws IOException {
        Shm shm = new Shm(dir);
        String memfd = "shmtest-" + UUID.randomUUID().toString().substring(0, 8);
        CPeer.compile(dir, "memfd", MEMFD_C);
        try (Driven c = Driven.start(List.of(dir.resolve("memfd").toString(), memfd))) {
            List<String> ready = c.expect("ready");
            String byFd = "pid:" + ready.get(1) + ":fd:" + ready.get(2);
            c.send("poke 0 memfd of C");
            c.expect("poked");

            String json = ok(shm.process("list", "--kind", "memfd", "--json")).out();
            String mine = "[m for m in d['memfds'] if m['memfd'] == '" + memfd + "'][0]";
            assertEquals(List.of("'" + byFd + "'", "8192", "[" + ready.get(1) + "]"),
                    JsonQuery.query(json, mine + "['name']", mine + "['size']", mine + "['pids']"));
            String table = ok(shm.process("list", "--kind", "memfd")).out();
            assertTrue(table.lines().anyMatch(l -> l.matches(".* " + byFd + " +memfd:" + memfd)), table);

            assertEquals("memfd of C", ok(shm.process("read", "memfd:" + memfd, "--length", "10")).out());
            assertEquals("memfd of C", ok(shm.process("read", byFd, "--length", "10")).out());
            ok(shm.process("write", "memfd:" + memfd, "--offset", "6", "shm"));
            c.send("show 16");
            assertEquals("shows memfd shmC", c.nextLine());
            assertTrue(ok(shm.process("dump", byFd, "--length", "16")).out().startsWith("00000000: 6d65 6d66 6420 7368 6d43 0000"));
            CommandRun info = ok(shm.process("info", "memfd:" + memfd));
            assertTrue(info.out().contains("held by    pid " + ready.get(1) + " fd " + ready.get(2)), info::toString);

            // The program shrinks it under a watch: reported, exit 1.
            try (Spawned watch = Spawned.shm(dir, "watch", byFd, "--text", "--length", "16")) {
                assertEquals("memfd shmC", watch.nextLine(Duration.ofSeconds(20)));
                c.send("poke 0 MEMFD");
                c.expect("poked");
                assertEquals("MEMFD shmC", watch.nextLine(Duration.ofSeconds(20)));
                c.send("shrink 4096");
                c.expect("shrunk");
                CommandRun ended = watch.await(Duration.ofSeconds(20));
                assertEquals(1, ended.exit(), ended::toString);
                assertTrue(ended.err().contains("shrank from 8192 to 4096 bytes"), ended::toString);
            }
            // The program exits under a watch: reported, exit 1.
            try (Spawned watch = Spawned.shm(dir, "watch", "memfd:" + memfd, "--text", "--length", "16")) {
                assertEquals("MEMFD shmC", watch.nextLine(Duration.ofSeconds(20)));
                c.send("exit");
                assertEquals(0, c.await(Duration.ofSeconds(10)));
                CommandRun ended = watch.await(Duration.ofSeconds(20));
                assertEquals(1, ended.exit(), ended::toString);
                assertTrue(ended.err().contains("went away (process " + ready.get(1) + " exited)"), ended::toString);
            }
            assertTrue(failed(shm.process("read", "memfd:" + memfd)).err().contains("no memfd named"));
        }
    }

    @Test
    void two_memfds_of_one_name_are_refused_naming_each() {
        Shm shm = new Shm(dir);
        String memfd = "shmtest-" + UUID.randomUUID().toString().substring(0, 8);
        CPeer.compile(dir, "memfd", MEMFD_C);
        try (Driven one = Driven.start(List.of(dir.resolve("memfd").toString(), memfd));
             Driven two = Driven.start(List.of(dir.resolve("memfd").toString(), memfd))) {
            List<String> a = one.expect("ready");
            List<String> b = two.expect("ready");
            CommandRun refused = shm.process("read", "memfd:" + memfd);
            assertEquals(2, refused.exit(), refused::toString);
            assertTrue(refused.err().contains("2 memfds are named '" + memfd + "'")
                    && refused.err().contains("pid:" + a.get(1) + ":fd:" + a.get(2))
                    && refused.err().contains("pid:" + b.get(1) + ":fd:" + b.get(2)), refused::toString);
        }
    }

    @Test
    void the_anonymous_block_of_a_forked_c_program_is_seen_and_changed_from_a_third_terminal() throws IOException {
        Shm shm = new Shm(dir);
        CPeer.compile(dir, "fork", FORK_C);
        try (Driven c = Driven.start(List.of(dir.resolve("fork").toString()))) {
            List<String> ready = c.expect("ready");
            String parent = ready.get(1);
            String child = ready.get(3);
            String name = "pid:" + parent + "@" + ready.get(2);

            String json = ok(shm.process("list", "--kind", "anon", "--json")).out();
            String mine = "[a for a in d['anonymous'] if a['name'] == '" + name + "'][0]";
            assertEquals(List.of("4096", "[" + parent + ", " + child + "]"),
                    JsonQuery.query(json, mine + "['size']", mine + "['pids']"));
            CommandRun info = ok(shm.process("info", name));
            assertTrue(info.out().contains("mapped by  2 processes"), info::toString);
            assertEquals("0".repeat(200), ok(shm.process("read", name, "--hex", "--length", "100")).out().strip()
                    .replace(" ", ""), "fresh shared memory is zero-filled");

            try (Spawned watch = Spawned.shm(dir, "watch", name, "--text", "--length", "16")) {
                assertEquals("", watch.nextLine(Duration.ofSeconds(20)));
                ok(shm.process("write", name, "hello child"));
                assertEquals("child " + child + " saw hello child", c.nextLine());
                assertEquals("hello child", watch.nextLine(Duration.ofSeconds(20)));
                c.send("poke 0 parent");
                c.expect("poked");
                assertEquals("parentchild", watch.nextLine(Duration.ofSeconds(20)));
                assertEquals("00000000: 7061 7265 6e74 6368 696c 6400 0000 0000  parentchild.....\n",
                        ok(shm.process("dump", name, "--length", "16")).out());
                // The parent exits (the child follows it): reported, exit 1.
                c.send("exit");
                assertEquals(0, c.await(Duration.ofSeconds(10)));
                CommandRun ended = watch.await(Duration.ofSeconds(20));
                assertEquals(1, ended.exit(), ended::toString);
                assertTrue(ended.err().contains("'" + name + "' went away (process " + parent + " exited)"), ended::toString);
            }
        }
    }

    @Test
    void pythons_mmap_shared_across_fork_child_sees_a_byte_shm_wrote() {
        Shm shm = new Shm(dir);
        try (Driven python = Driven.start(List.of("python3", "-c", FORK_PY))) {
            List<String> ready = python.expect("ready");
            String json = ok(shm.process("list", "--kind", "anon", "--json")).out();
            List<String> names = JsonQuery.query(json, "[a['name'] for a in d['anonymous'] if " + ready.get(1)
                    + " in a['pids'] and " + ready.get(2) + " in a['pids']]");
            String name = names.get(0).replaceAll("[\\[\\]']", "");
            assertTrue(name.startsWith("pid:" + ready.get(1) + "@0x"), names::toString);
            ok(shm.process("write", name, "A"));
            assertEquals("child " + ready.get(2) + " saw A", python.nextLine());
        }
    }

    @Test
    void without_the_capability_a_mapping_is_refused_plainly_and_a_memfd_descriptor_still_opens() throws IOException {
        assumeTrue(Shm.exec(List.of("id", "-u"), null, Map.of()).out().strip().equals("0"), "needs root to become nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        List<String> nobody = List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        CPeer.compile(dir, "fork", FORK_C);
        CPeer.compile(dir, "memfd", MEMFD_C);
        String memfd = "shmtest-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> fork = new ArrayList<>(nobody);
        fork.add(dir.resolve("fork").toString());
        List<String> held = new ArrayList<>(nobody);
        held.addAll(List.of(dir.resolve("memfd").toString(), memfd));
        try (Driven c = Driven.start(fork); Driven m = Driven.start(held)) {
            List<String> ready = c.expect("ready");
            List<String> memReady = m.expect("ready");
            m.send("poke 0 nobody's");
            m.expect("poked");
            List<String> read = new ArrayList<>(nobody);
            read.addAll(List.of("env", "HOME=/", Shm.launcher().toString(), "read", "pid:" + ready.get(1) + "@" + ready.get(2)));
            CommandRun refused = failed(Shm.exec(read, null, Map.of()));
            assertTrue(refused.err().contains("CAP_SYS_ADMIN") && refused.err().contains("run shm as root"), refused::toString);
            List<String> viaFd = new ArrayList<>(nobody);
            viaFd.addAll(List.of("env", "HOME=/", Shm.launcher().toString(), "read", "pid:" + memReady.get(1) + ":fd:"
                    + memReady.get(2), "--length", "8"));
            assertEquals("nobody's", ok(Shm.exec(viaFd, null, Map.of())).out());
        }
    }
    /** info says whether the user running it may write the segment, and why, in its text and its JSON. */
    @Test
    void info_says_who_may_write_a_system_v_segment_and_why() {
        assumeTrue(Shm.exec(List.of("id", "-u"), null, Map.of()).out().strip().equals("0"), "needs root to become nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        Shm shm = new Shm(dir);
        String closed = key();
        String open = key();
        ok(shm.process("create", "sysv:" + closed, "--size", "4K"));
        ok(shm.process("create", "sysv:" + open, "--size", "4K", "--mode", "666"));
        assertTrue(ok(shm.process("info", "sysv:" + closed)).out().contains("writable   yes: you are root"));
        List<String> nobody = List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "env", "HOME=/", Shm.launcher().toString(), "info");
        List<String> asNobody = new ArrayList<>(nobody);
        asNobody.add("sysv:" + closed);
        CommandRun refused = ok(Shm.exec(asNobody, null, Map.of()));
        assertTrue(refused.out().contains("writable   no: mode 0600 does not let you"), refused::toString);
        asNobody = new ArrayList<>(nobody);
        asNobody.addAll(List.of("sysv:" + open, "--json"));
        String json = ok(Shm.exec(asNobody, null, Map.of())).out();
        assertEquals(List.of("True", "'mode 0666 lets you'"), JsonQuery.query(json, "d['writable']", "d['writableWhy']"));
    }
}
