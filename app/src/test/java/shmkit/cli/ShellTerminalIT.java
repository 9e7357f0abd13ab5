package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.Shm;
import shmkit.testing.Tmux;

/** The interactive shell in a real terminal (tmux): prompt, commands, completion, history, leaving. */
class ShellTerminalIT {
    @TempDir
    Path dir;

    @Test
    void prompts_runs_completes_and_remembers() throws Exception {
        Shm shm = new Shm(dir);
        assertEquals(0, shm.process("create", "seg", "--size", "64").exit());
        String command = "cd " + dir + " && HOME=" + dir + " SHM_DIR=" + dir + " " + Shm.launcher() + " shell seg; echo SHELL-ENDED $?; sleep 30";
        try (Tmux tmux = new Tmux(command, 100, 30)) {
            String screen = tmux.await(s -> s.contains("shm seg>"));
            assertTrue(screen.contains("shm seg>"), screen);
            assertTrue(!screen.contains("WARNING"), "no JVM warnings on the terminal\n" + screen);

            tmux.type("write --offset 0 typed-in");
            tmux.keys("Enter");
            tmux.await(s -> s.lines().filter(l -> l.startsWith("shm seg>")).count() == 2);
            tmux.type("rea");
            tmux.keys("Tab");
            screen = tmux.await(s -> s.contains("shm seg> read"));
            assertTrue(screen.contains("shm seg> read"), "Tab completed the command\n" + screen);
            tmux.type("--te");
            tmux.keys("Tab");
            screen = tmux.await(s -> s.contains("read --text"));
            assertTrue(screen.contains("read --text"), "Tab completed the option\n" + screen);
            tmux.keys("Enter");
            screen = tmux.await(s -> s.contains("\ntyped-in"));
            assertTrue(screen.contains("\ntyped-in"), screen);

            tmux.keys("Up");
            screen = tmux.await(s -> s.lines().anyMatch(l -> l.startsWith("shm seg> read --text") && !l.endsWith(" ")) && s.split("read --text").length > 2);
            tmux.keys("C-u");
            tmux.type("write --offset 100 x");
            tmux.keys("Enter");
            screen = tmux.await(s -> s.contains("past the end"));
            assertTrue(screen.contains("shm: write: offset 100 is past the end of 'seg' (64 bytes)"), screen);

            // layout field names complete after --layout
            tmux.type("write --layout 'bar:i32 baz:i32' ba");
            tmux.keys("Tab");
            screen = tmux.await(s -> s.contains("bar=") && s.contains("baz="));
            assertTrue(screen.contains("bar=") && screen.contains("baz="), "field names offered\n" + screen);
            tmux.type("r=7");
            tmux.keys("Enter");
            tmux.type("read --layout 'bar:i32 baz:i32'");
            tmux.keys("Enter");
            screen = tmux.await(s -> s.contains("bar=7"));
            assertTrue(screen.contains("bar=7"), screen);
            tmux.type("write --offset 0 typed-in");
            tmux.keys("Enter");

            // watch runs until Ctrl-C, which brings the prompt back rather than ending the shell
            tmux.type("watch --text");
            tmux.keys("Enter");
            screen = tmux.await(s -> s.lines().filter(l -> l.equals("typed-in")).count() >= 2);
            tmux.keys("C-c");
            tmux.type("read --hex --length 2");
            tmux.keys("Enter");
            screen = tmux.await(s -> s.contains("7479"));
            assertTrue(screen.contains("7479"), "the shell runs commands again after Ctrl-C stopped a watch\n" + screen);

            tmux.keys("C-d");
            screen = tmux.await(s -> s.contains("SHELL-ENDED"));
            assertTrue(screen.contains("SHELL-ENDED 0"), "Ctrl-D leaves; the last command succeeded\n" + screen);
            assertTrue(Files.readString(dir.resolve(".shm_history")).contains("write --offset 0 typed-in"), "history saved");
        }
    }
}
