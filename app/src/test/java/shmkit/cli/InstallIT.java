package shmkit.cli;

import static shmkit.testing.CommandRun.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/** scripts/install into a scratch PREFIX: the installed shm runs on its own, and --uninstall takes back all of it. */
class InstallIT {
    @TempDir
    Path dir;

    private static final Path INSTALL = Shm.root().resolve("scripts/install");

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.map(path -> root.relativize(path).toString()).sorted().toList();
        }
    }


    @Test
    void installs_a_shm_that_runs_without_the_source_tree_and_uninstalls_exactly_it() throws IOException {
        Path prefix = dir.resolve("prefix");
        Files.createDirectories(prefix.resolve("bin"));
        Files.writeString(prefix.resolve("bin/other"), "not ours");
        List<String> before = tree(prefix);

        CommandRun install = ok(Shm.exec(List.of(INSTALL.toString(), "--no-shell-setup", prefix.toString()), null,
                Map.of("HOME", dir.toString())));
        assertTrue(install.out().contains("export PATH=\"" + prefix + "/bin:$PATH\""), install::toString);
        assertFalse(Files.exists(dir.resolve(".bashrc")), "--no-shell-setup leaves the start-up files alone");

        Path shm = prefix.resolve("bin/shm");
        String launcher = Files.readString(shm);
        assertFalse(launcher.contains(Shm.root().toString()), "the launcher names nothing of the source tree:\n" + launcher);
        // A bare environment: no source tree on PATH, no JAVA_HOME; the AOT cache made for the installed jar is used.
        Path classLog = dir.resolve("classes.log");
        Map<String, String> bare = Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", "", "SHM_DIR", dir.toString(),
                "JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classLog);
        ok(Shm.exec(List.of(shm.toString(), "create", "seg", "--size", "16"), null, bare));
        ok(Shm.exec(List.of(shm.toString(), "write", "seg", "installed"), null, bare));
        assertEquals("installed\n", ok(Shm.exec(List.of(shm.toString(), "read", "seg", "--text"), null, bare)).out());
        assertTrue(Files.readString(classLog).contains("shmkit.cli.Cli source: shared objects file"),
                "the installed AOT cache is accepted");

        try (Stream<Path> pages = Files.list(Shm.root().resolve("docs/man"))) {
            for (Path page : pages.toList()) {
                assertEquals(Files.readString(page), Files.readString(prefix.resolve("share/man/man1").resolve(page.getFileName())));
            }
        }
        Path bash = prefix.resolve("share/bash-completion/completions/shm");
        assertTrue(Files.readString(bash).contains("complete -F _complete_shm"));
        ok(Shm.exec(List.of("bash", "-n", bash.toString()), null, Map.of()));
        assertTrue(Files.isRegularFile(prefix.resolve("share/shmkit/completion.zsh")));

        CommandRun uninstall = ok(Shm.exec(List.of(INSTALL.toString(), "--uninstall", prefix.toString()), null,
                Map.of("HOME", dir.toString())));
        assertEquals(before, tree(prefix), uninstall::toString);
    }

    @Test
    void refuses_to_replace_a_shm_it_did_not_install() throws IOException {
        Path prefix = dir.resolve("prefix");
        Files.createDirectories(prefix.resolve("bin"));
        Files.writeString(prefix.resolve("bin/shm"), "someone else's");
        List<String> before = tree(prefix);
        CommandRun run = Shm.exec(List.of(INSTALL.toString(), prefix.toString()), null, Map.of("HOME", dir.toString()));
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.err().contains(prefix.resolve("bin/shm") + " exists and was not installed by scripts/install"), run::toString);
        assertEquals(before, tree(prefix));
        assertEquals("someone else's", Files.readString(prefix.resolve("bin/shm")));
    }

    @Test
    void one_command_puts_shm_with_its_completion_on_the_path_of_the_next_bash_and_zsh() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        String bashrc = "# the user's own\nalias ll='ls -l'";   // no newline at the end: the block starts on a line of its own
        Files.writeString(home.resolve(".bashrc"), bashrc);
        boolean zsh = Files.isExecutable(Path.of("/usr/bin/zsh")) || Files.isExecutable(Path.of("/bin/zsh"));
        if (zsh) {
            Files.writeString(home.resolve(".zshrc"), "# zsh user\n");
        }
        Map<String, String> user = Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin", "JAVA_HOME", "");
        CommandRun install = ok(Shm.exec(List.of(INSTALL.toString()), null, user));
        assertTrue(install.out().contains("Open a new terminal"), install::toString);
        ok(Shm.exec(List.of(INSTALL.toString()), null, user)); // again: the block is there once

        // A new interactive bash, as a new terminal starts one: shm is found, and completes.
        CommandRun bash = ok(Shm.exec(List.of("bash", "-ic", "shm --version; complete -p shm; command -v shm"), null, user));
        assertEquals(List.of("shm " + Cli.VERSION, "complete -o default -F _complete_shm shm",
                home.resolve(".local/bin/shm").toString()), bash.out().lines().toList(), bash::toString);
        assertEquals(1, Files.readString(home.resolve(".bashrc")).split(">>> shm in ", -1).length - 1, "one block");
        if (zsh) {
            CommandRun z = ok(Shm.exec(List.of("zsh", "-ic", "shm --version; whence -v _complete_shm | head -1"), null, user));
            assertTrue(z.out().startsWith("shm " + Cli.VERSION + "\n_complete_shm is a shell function"), z::toString);
        }

        CommandRun uninstall = ok(Shm.exec(List.of(INSTALL.toString(), "--uninstall"), null, user));
        assertTrue(uninstall.out().contains("Took its lines out of " + home.resolve(".bashrc")), uninstall::toString);
        assertEquals(bashrc + "\n", Files.readString(home.resolve(".bashrc")), "the user's lines, and nothing of shm");
        if (zsh) {
            assertEquals("# zsh user\n", Files.readString(home.resolve(".zshrc")));
        }
        assertFalse(Files.exists(home.resolve(".local")), "everything the install made is gone");
    }
}
