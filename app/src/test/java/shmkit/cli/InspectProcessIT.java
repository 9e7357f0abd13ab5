package shmkit.cli;

import static shmkit.testing.CommandRun.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.DevShm;
import shmkit.testing.JsonQuery;
import shmkit.testing.PythonMapper;
import shmkit.testing.Shm;

/** list, info, rm and resize through the real scripts/shm, with a real foreign process (Python) mapping the segment. */
class InspectProcessIT {
    @TempDir
    Path dir;
    @RegisterExtension
    DevShm devShm = new DevShm();


    @Test
    void info_names_the_process_that_maps_and_locks_the_segment_in_text_and_json() throws IOException {
        Shm shm = new Shm(dir);
        ok(shm.process("create", "demo", "--size", "8K"));
        try (PythonMapper python = PythonMapper.start(dir.resolve("demo"), true)) {
            CommandRun text = ok(shm.process("info", "demo"));
            assertTrue(text.out().contains("mapped by  1 process"), text::toString);
            assertTrue(text.out().contains("  pid " + python.pid() + " "), text::toString);
            assertTrue(text.out().lines().anyMatch(l -> l.matches(" +rw-s 0x\\p{XDigit}+-0x\\p{XDigit}+  file bytes 0-8191 \\(8.0K\\)")),
                    text::toString);
            assertTrue(text.out().contains("locks      1 lock\n  pid " + python.pid() + " POSIX WRITE bytes 0-EOF\n"), text::toString);

            String json = ok(shm.process("info", "demo", "--json")).out();
            assertEquals(List.of("1", Long.toString(python.pid()), "True", "'rw-s'", "0", "8192",
                            Long.toString(python.pid()), "'POSIX'", "'WRITE'", "None"),
                    JsonQuery.query(json, "len(d['mappers'])", "d['mappers'][0]['pid']", "'python' in d['mappers'][0]['command']",
                            "d['mappers'][0]['mappings'][0]['permissions']", "d['mappers'][0]['mappings'][0]['offset']",
                            "d['mappers'][0]['mappings'][0]['length']", "d['locks'][0]['pid']", "d['locks'][0]['type']",
                            "d['locks'][0]['access']", "d['locks'][0]['end']"));
        }
        CommandRun after = ok(shm.process("info", "demo"));
        assertTrue(after.out().contains("mapped by  no process"), after::toString);
        assertTrue(after.out().contains("locks      none"), after::toString);
    }

    @Test
    void list_counts_the_processes_that_map_each_segment() throws IOException {
        Shm shm = new Shm(dir);
        ok(shm.process("create", "mapped", "--size", "4K"));
        ok(shm.process("create", "unmapped", "--size", "4K"));
        try (PythonMapper one = PythonMapper.start(dir.resolve("mapped"), false);
             PythonMapper two = PythonMapper.start(dir.resolve("mapped"), false)) {
            List<String> lines = ok(shm.process("list")).out().lines().toList();
            assertTrue(lines.get(1).matches(".* 2  mapped$"), lines::toString);
            assertTrue(lines.get(2).matches(".* 0  unmapped$"), lines::toString);
            String json = ok(shm.process("list", "--json")).out();
            List<Long> pids = new ArrayList<>(List.of(one.pid(), two.pid()));
            pids.sort(null);
            assertEquals(List.of("2", pids.toString(), "0"), JsonQuery.query(json, "d['segments'][0]['mappers']",
                    "d['segments'][0]['pids']", "d['segments'][1]['mappers']"));
        }
    }

    @Test
    void rm_removes_a_mapped_segment_and_warns_that_its_mapper_keeps_the_memory() throws IOException {
        Shm shm = new Shm(dir);
        ok(shm.process("create", "demo", "--size", "4K"));
        try (PythonMapper python = PythonMapper.start(dir.resolve("demo"), false)) {
            CommandRun rm = ok(shm.process("rm", "demo"));
            assertEquals(1, rm.errLines().size(), rm::toString);
            assertTrue(rm.err().startsWith("shm: rm: warning: removed 'demo', but pid " + python.pid() + " ("), rm::toString);
            assertTrue(rm.err().contains("still maps it; its memory stays in use until that process unmaps it"), rm::toString);
            assertFalse(Files.exists(dir.resolve("demo")));
        }
    }

    @Test
    void resize_refuses_to_shrink_under_a_mapper_grows_freely_and_force_shrinks_with_a_warning() throws IOException {
        Shm shm = new Shm(dir);
        ok(shm.process("create", "demo", "--size", "8K"));
        Path path = dir.resolve("demo");
        try (PythonMapper python = PythonMapper.start(path, false)) {
            CommandRun refused = shm.process("resize", "demo", "--size", "4K");
            assertEquals(1, refused.exit(), refused::toString);
            assertTrue(refused.err().startsWith("shm: resize: not shrinking 'demo' from 8192 to 4096 bytes: pid "
                    + python.pid() + " ("), refused::toString);
            assertTrue(refused.err().contains("maps the part that would go and would die of SIGBUS on touching it "
                    + "(--force shrinks anyway)"), refused::toString);
            assertEquals(8192, Files.size(path), "a refused resize changes nothing");

            ok(shm.process("resize", "demo", "--size", "16K"));
            assertEquals(16384, Files.size(path));

            CommandRun forced = ok(shm.process("resize", "demo", "--size", "4K", "--force"));
            assertTrue(forced.err().startsWith("shm: resize: warning: shrinking 'demo' under pid " + python.pid()), forced::toString);
            assertEquals(4096, Files.size(path));
        }
    }

    @Test
    void the_commands_that_bind_native_calls_print_no_native_access_warning() {
        Shm shm = new Shm(dir);
        ok(shm.process("create", "demo", "--size", "4K"));
        assertEquals("", ok(shm.process("info", "demo", "--pages")).err());
        assertFalse(ok(shm.process("list")).err().contains("WARNING"));
    }

    @Test
    void processes_of_another_user_are_counted_as_not_checked_rather_than_left_out() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run shm as another user");
        assumeTrue(new ProcessBuilder("setpriv", "--version").start().waitFor() == 0, "needs setpriv");
        Shm shm = new Shm(DevShm.DIR);
        String name = devShm.name();
        ok(shm.process("create", name, "--size", "4K", "--mode", "644"));
        List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                Shm.launcher().toString());
        try (PythonMapper python = PythonMapper.start(devShm.path(name), false)) {
            List<String> command = new ArrayList<>(asNobody);
            command.addAll(List.of("info", name, "--json"));
            CommandRun hidden = ok(shm.exec(command, null));
            assertEquals(List.of("[]", "True"), JsonQuery.query(hidden.out(), "d['mappers']", "d['hiddenProcesses'] >= 1"),
                    "root's python is invisible to nobody, and said to be");

            command = new ArrayList<>(asNobody);
            command.addAll(List.of("info", name));
            CommandRun text = ok(shm.exec(command, null));
            assertTrue(text.out().lines().anyMatch(l -> l.matches("mapped by  no process; \\d+ process(es)? could not be checked \\(maps not readable\\)")),
                    text::toString);
            assertTrue(text.out().contains("warning: '" + name + "' is owned by another user: root (uid 0)"), text::toString);

            String seenByRoot = ok(shm.process("info", name, "--json")).out();
            assertEquals(Long.toString(python.pid()), JsonQuery.one(seenByRoot, "d['mappers'][0]['pid']"));
        }
    }
}
