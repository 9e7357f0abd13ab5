package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;
import shmkit.testing.Tmux;

/** What the README promises a newcomer: its first command, --help with examples, the two-terminal example. */
class ReadmeIT {
    @TempDir
    Path dir;

    private static List<String> readme() throws Exception {
        return Files.readAllLines(Shm.root().resolve("README.md"));
    }

    @Test
    void the_first_two_commands_of_the_readme_install_shm_from_a_fresh_clone_onto_the_path() throws Exception {
        List<String> block = readme().stream().dropWhile(l -> !l.startsWith("```")).skip(1)
                .takeWhile(l -> !l.startsWith("```")).map(l -> l.replaceAll("\\s+#.*", "").strip()).toList();
        assertEquals(List.of("scripts/install", "shm --help"), block.subList(0, 2),
                "the README opens with the command that installs the tool, then the tool");
        Path clone = dir.resolve("clone");
        CommandRun cloned = Shm.exec(List.of("git", "clone", "-q", Shm.root().toString(), clone.toString()), null, Map.of());
        assumeTrue(cloned.exit() == 0, "the repository can be cloned here: " + cloned);
        // What was cloned is what is committed; this test checks the committed state builds, installs and runs,
        // for a user whose home is a new folder with a .bashrc of its own.
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".bashrc"), "# the user's own\n");
        Map<String, String> user = Map.of("HOME", home.toString(), "JAVA_HOME", System.getProperty("java.home"),
                "PATH", "/usr/bin:/bin");
        CommandRun install = Shm.exec(List.of("bash", "-c", "cd \"$0\" && " + block.get(0), clone.toString()), null, user);
        assertEquals(0, install.exit(), install::toString);
        assertTrue(Files.exists(clone.resolve("app/target/shm.jar")), "built on first use");
        // The next terminal: an interactive bash reads ~/.bashrc.
        CommandRun run = Shm.exec(List.of("bash", "-ic", block.get(1)), null, user);
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().startsWith("Usage: shm"), run::toString);
        assertTrue(Files.isRegularFile(home.resolve(".local/share/man/man1/shm.1")), "with its man pages");
    }

    @Test
    void every_command_has_help_with_an_example() {
        Shm shm = new Shm(dir);
        for (String command : Commands.names()) {
            CommandRun help = shm.run(command, "--help");
            assertEquals(0, help.exit(), help::toString);
            String examples = help.out().substring(Math.max(0, help.out().indexOf("Examples:\n")));
            assertTrue(examples.startsWith("Examples:\n  ") && examples.contains("shm " + command),
                    command + " has an example\n" + help.out());
            assertTrue(help.out().lines().skip(1).findFirst().map(l -> !l.isBlank()).orElse(false),
                    command + " has a description\n" + help.out());
        }
    }

    @Test
    void the_two_terminal_example_works_in_two_panes() throws Exception {
        List<String> lines = readme();
        int start = lines.indexOf("## Two terminals");
        List<String> block = lines.subList(start, lines.size()).stream().dropWhile(l -> !l.startsWith("```")).skip(1)
                .takeWhile(l -> !l.startsWith("```")).toList();
        String create = block.stream().filter(l -> l.startsWith("scripts/shm create")).findFirst().orElseThrow();
        String watch = block.stream().map(String::strip).filter(l -> l.startsWith("scripts/shm watch")).findFirst().orElseThrow();
        String loop = String.join("; ", block.stream().map(l -> l.replaceAll("\\s{4,}.*", "").strip())
                .filter(l -> l.startsWith("for ") || l.startsWith("scripts/shm write") || l.startsWith("sleep") || l.equals("done"))
                .toList()).replace("do;", "do").replace("; done", "; done");
        Path root = Shm.root();
        String env = "cd " + root + " && export SHM_DIR=" + dir + " && ";
        assertEquals(0, Shm.exec(List.of("bash", "-c", env + create), null, Map.of()).exit());
        try (Tmux watcher = new Tmux(env + watch + "; echo WATCH-EXIT $?; sleep 60", 100, 20);
             Tmux writer = new Tmux(env + "sleep 2; " + loop + "; echo WRITER-DONE; sleep 60", 100, 20)) {
            String screen = watcher.await(s -> s.contains("WATCH-EXIT"));
            assertTrue(screen.contains("msg 1\nmsg 2\nmsg 3\nWATCH-EXIT 0"), "terminal 2 saw each message and exited 0\n" + screen);
            assertTrue(writer.await(s -> s.contains("WRITER-DONE")).contains("WRITER-DONE"), writer.screen());
        }
    }
}
