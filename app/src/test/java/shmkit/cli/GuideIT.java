package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shmkit.testing.CommandRun.ok;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.DevShm;
import shmkit.testing.Shm;

/** docs/guide.md as a reader runs it: the commands of its blocks, and the C program it ships. */
class GuideIT {
    @TempDir
    Path dir;
    @RegisterExtension
    DevShm devShm = new DevShm();

    private static String guide() throws IOException {
        return Files.readString(Shm.root().resolve("docs/guide.md"));
    }

    /** The '$ ' lines of the console blocks of the section under {@code heading}, without the '$ '. */
    private static List<String> commands(String heading) throws IOException {
        String guide = guide();
        String section = guide.substring(guide.indexOf(heading) + heading.length());
        int next = section.indexOf("\n## ");
        section = next < 0 ? section : section.substring(0, next);
        List<String> commands = new java.util.ArrayList<>();
        boolean inConsole = false;
        for (String line : section.lines().toList()) {
            if (line.startsWith("```")) {
                inConsole = !inConsole && line.equals("```console");
            } else if (inConsole && line.startsWith("$ ")) {
                commands.add(line.substring(2));
            }
        }
        return commands;
    }

    @Test
    void scenario_5s_c_program_ships_compiles_and_reads_and_writes_what_shm_wrote() throws IOException {
        Path source = Shm.root().resolve("docs/examples/foo.c");
        String compile = commands("## 5. A typed struct shared by name").stream()
                .filter(line -> line.startsWith("gcc ")).findFirst().orElseThrow();
        assertEquals("gcc -o foo docs/examples/foo.c -lrt && ./foo", compile, "the guide compiles the file it ships");
        Shm shm = new Shm(DevShm.DIR);
        String name = devShm.name();
        ok(shm.process("create", name, "--size", "8"));
        ok(shm.process("write", name, "--layout", "bar:i32 baz:i32", "bar=31337", "baz=98"));
        Path binary = dir.resolve("foo");
        ok(Shm.exec(List.of("gcc", "-O2", "-Wall", "-Werror", "-o", binary.toString(), source.toString(), "-lrt"), null, Map.of()));
        assertEquals("Foo(31337, 98)\n", ok(shm.exec(List.of(binary.toString(), name), null)).out());
        assertEquals("bar=31337\nbaz=99\n", ok(shm.process("read", name, "--layout", "bar:i32 baz:i32")).out());
    }

    @Test
    void the_copy_pipeline_runs_as_shown() throws IOException {
        Shm shm = new Shm(dir);
        ok(shm.process("create", "foo", "--size", "8"));
        ok(shm.process("write", "foo", "--layout", "bar:i32 baz:i32", "bar=31337", "baz=99"));
        // the first block, up to the copy to another machine
        List<String> lines = commands("## Pipelines").stream().takeWhile(line -> !line.contains("ssh")).toList();
        assertEquals("shm read foo | shm write foo-copy -", lines.get(1), "the guide's pipeline: " + lines);
        // The block as a user types it, with shm the launcher, and its output as the guide shows it.
        CommandRun run = Shm.exec(List.of("bash", "-c", "set -e; shm() { \"$SHM\" \"$@\"; }; " + String.join("\n", lines)),
                null, Map.of("SHM", Shm.launcher().toString(), "SHM_DIR", dir.toString()));
        assertEquals(0, run.exit(), run::toString);
        String guide = guide();
        assertTrue(guide.contains("$ " + lines.get(2) + "\n" + run.out()), "the guide shows what the copy reads:\n" + run.out());
        assertArrayEquals(Files.readAllBytes(dir.resolve("foo")), Files.readAllBytes(dir.resolve("foo-copy")));
    }

    @Test
    void scenario_6s_program_ships_and_its_child_wakes_when_a_third_terminal_writes_its_block() throws IOException {
        String compile = commands("## 6. Look into a running parent/child program").get(0);
        assertEquals("gcc -o parent_child docs/examples/parent_child.c && ./parent_child", compile);
        Path binary = dir.resolve("parent_child");
        ok(Shm.exec(List.of("gcc", "-O2", "-Wall", "-Werror", "-o", binary.toString(),
                Shm.root().resolve("docs/examples/parent_child.c").toString()), null, Map.of()));
        Shm shm = new Shm(dir);
        try (shmkit.testing.Driven program = shmkit.testing.Driven.start(List.of(binary.toString()))) {
            // "parent 8933: block at 0x7fc34cb4e000, child 8934 waits for its first byte", as the guide shows
            java.util.regex.Matcher first = java.util.regex.Pattern.compile(
                    "parent (\\d+): block at (0x\\p{XDigit}+), child (\\d+) waits for its first byte").matcher(program.nextLine());
            assertTrue(first.matches(), program::toString);
            String parent = first.group(1);
            String child = first.group(3);
            String name = "pid:" + parent + "@" + first.group(2);
            String list = ok(shm.process("list", "--kind", "anon")).out();
            assertTrue(list.lines().anyMatch(l -> l.matches("4\\.0K +\\S+ +2  " + parent + "," + child + " +" + name)), list);
            ok(shm.process("write", name, "hello from a third terminal"));
            assertEquals("child " + child + ": woke up, the block says 'hello from a third terminal'", program.nextLine());
            assertEquals("parent " + parent + ": the child is done", program.nextLine());
            assertTrue(guide().contains(": woke up, the block says 'hello from a third terminal'\nparent "), "the guide shows it");
        }
    }
}
