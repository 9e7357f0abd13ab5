package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;
import shmkit.testing.Tmux;

/**
 * Tab completion of option values as a user meets it: a real bash and a real zsh in tmux with shm's
 * completion script sourced, and shm's own shell, each typed into and read off the screen:
 * {@code --as}, {@code --color}, {@code --sort} and {@code --layout @FILE}.
 */
class CompletionShellsIT {
    @TempDir
    Path dir;
    private Path script;

    @BeforeEach
    void files() throws IOException {
        Shm shm = new Shm(dir);
        CommandRun run = shm.run("completion", "bash");
        assertEquals(0, run.exit(), run::toString);
        script = Files.writeString(dir.resolve("completion.sh"), run.out());
        Files.writeString(dir.resolve("point.layout"), "x:i32 y:i32\n");
        Files.createDirectories(dir.resolve("specs"));
        Files.writeString(dir.resolve("specs/pair.layout"), "a:u8 b:u8\n");
        assertEquals(0, shm.process("create", "seg", "--size", "64").exit());
    }

    /** Types {@code line}, presses Tab (twice if need be), and returns the screen once it satisfies {@code shows}. */
    private static String tab(Tmux tmux, String line, Predicate<String> shows) {
        tmux.keys("C-u", "C-l");
        tmux.await(s -> s.strip().lines().count() <= 1);
        tmux.type(line);
        tmux.keys("Tab");
        // one Tab completes or lists in zsh and the shm shell; bash lists on the second
        if (shows.test(tmux.await(shows, 1_000))) {
            return tmux.screen();
        }
        tmux.keys("Tab");
        return tmux.await(shows);
    }

    private void completesValues(Tmux tmux) {
        String screen = tab(tmux, "shm read seg --as u32", s -> s.contains("u32be") && s.contains("u32le"));
        assertTrue(screen.contains("u32be") && screen.contains("u32le"), "--as offers the types\n" + screen);
        screen = tab(tmux, "shm dump seg --color a", s -> s.contains("always") && s.contains("auto"));
        assertTrue(screen.contains("always") && screen.contains("auto") && !screen.contains("never"),
                "--color offers auto and always for 'a'\n" + screen);
        screen = tab(tmux, "shm list --sort ", s -> s.contains("name") && s.contains("size") && s.contains("time"));
        assertTrue(screen.contains("name") && screen.contains("size") && screen.contains("time"), screen);
        screen = tab(tmux, "shm read seg --layout @po", s -> s.contains("--layout @point.layout"));
        assertTrue(screen.contains("--layout @point.layout"), "a layout file after '@'\n" + screen);
        screen = tab(tmux, "shm write seg --layout @specs/p", s -> s.contains("--layout @specs/pair.layout"));
        assertTrue(screen.contains("--layout @specs/pair.layout"), "a layout file in a folder\n" + screen);
    }

    @Test
    void bash_completes_option_values_and_layout_files() {
        String start = "cd '" + dir + "' && env -i HOME='" + dir + "' TERM=xterm PATH=/usr/bin:/bin SHM_DIR='" + dir
                + "' bash --norc --noprofile";
        try (Tmux tmux = new Tmux(start, 120, 30)) {
            tmux.type("source '" + script + "'; PS1='$ '");
            tmux.keys("Enter");
            completesValues(tmux);
        }
    }

    @Test
    void zsh_completes_option_values_and_layout_files() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")) || Files.isExecutable(Path.of("/bin/zsh")),
                "zsh is installed (scripts/test installs it)");
        String start = "cd '" + dir + "' && env -i HOME='" + dir + "' TERM=xterm PATH=/usr/bin:/bin SHM_DIR='" + dir
                + "' zsh -f";
        try (Tmux tmux = new Tmux(start, 120, 30)) {
            tmux.type("autoload -U compinit && compinit -u; source '" + script + "'; PS1='$ '");
            tmux.keys("Enter");
            completesValues(tmux);
        }
    }

    @Test
    void the_shm_shell_completes_option_values_and_layout_files() {
        String start = "cd '" + dir + "' && HOME='" + dir + "' SHM_DIR='" + dir + "' '" + Shm.launcher() + "' shell seg";
        try (Tmux tmux = new Tmux(start, 120, 30)) {
            tmux.await(s -> s.contains("shm seg>"));
            String screen = tab(tmux, "read --as u32", s -> s.contains("u32be") && s.contains("u32le"));
            assertTrue(screen.contains("u32be") && screen.contains("u32le"), screen);
            screen = tab(tmux, "dump --color a", s -> s.contains("always") && s.contains("auto"));
            assertTrue(screen.contains("always") && screen.contains("auto"), screen);
            screen = tab(tmux, "read --layout @po", s -> s.contains("--layout @point.layout"));
            assertTrue(screen.contains("--layout @point.layout"), screen);
            screen = tab(tmux, "read --layout @sp", s -> s.contains("--layout @specs/pair.layout"));
            assertTrue(screen.contains("--layout @specs/pair.layout"), screen);
        }
    }
}
