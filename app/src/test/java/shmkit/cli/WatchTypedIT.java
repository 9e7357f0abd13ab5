package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/** watch --as and --layout against a Python writer using struct on an mmap. */
class WatchTypedIT {
    @TempDir
    Path dir;

    @Test
    void a_layout_watch_prints_the_fields_a_python_writer_changed() {
        Shm shm = new Shm(dir);
        assertEquals(0, shm.process("create", "foo", "--size", "8").exit());
        // The watcher starts first; the writer waits for it to print its first line, then changes bar, then baz.
        CommandRun run = shm.exec(List.of("bash", "-c", """
                "$0" watch foo --layout 'bar:i32 baz:i32' --count 2 --timeout 60s | {
                  read -r first; echo "$first"
                  python3 -c '
                import mmap, struct, sys, time
                f = open(sys.argv[1], "r+b"); m = mmap.mmap(f.fileno(), 8)
                struct.pack_into("i", m, 0, 31337); time.sleep(0.3)
                struct.pack_into("i", m, 4, -98)
                ' "$1"
                  cat
                }""", Shm.launcher().toString(), dir.resolve("foo").toString()), null);
        assertEquals(0, run.exit(), run::toString);
        assertEquals(List.of("bar=0 baz=0", "bar=31337", "baz=-98"), run.out().lines().toList(), run::toString);
    }

    @Test
    void an_as_watch_waits_until_the_value_shows() {
        Shm shm = new Shm(dir);
        assertEquals(0, shm.process("create", "counter", "--size", "8").exit());
        CommandRun run = shm.exec(List.of("bash", "-c", """
                ( sleep 1; for i in 1 2 3; do "$0" add counter --as i64 1 > /dev/null; done ) &
                "$0" watch counter --as i64 --until 3 --timeout 60s --changes-only; echo "exit $?"
                """, Shm.launcher().toString()), null);
        assertEquals(List.of("1", "2", "3", "exit 0"), run.out().lines().toList(), run::toString);
    }
}
