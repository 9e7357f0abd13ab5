package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.Shm;
import shmkit.testing.Tmux;

/** What people expect of a REPL, typed into a real terminal (tmux): help, the name out of habit, clear, Ctrl-R. */
class ShellReplIT {
    @TempDir
    Path dir;

    @Test
    void help_habits_clear_and_history_search() throws Exception {
        Shm shm = new Shm(dir);
        assertEquals(0, shm.process("create", "counter", "--size", "64").exit());
        String command = "cd " + dir + " && HOME=" + dir + " SHM_DIR=" + dir + " " + Shm.launcher()
                + " shell counter; echo SHELL-ENDED $?; sleep 30";
        try (Tmux tmux = new Tmux(command, 110, 40)) {
            String screen = tmux.await(s -> s.contains("shm counter>"));
            assertTrue(screen.contains("Ctrl-R searches history"), screen);

            tmux.type("add counter --as i64 41");
            tmux.keys("Enter");
            screen = tmux.await(s -> s.contains("\n41"));
            assertFalse(screen.contains("unmatched"), "the name typed out of habit is fine\n" + screen);

            tmux.type("help");
            tmux.keys("Enter");
            screen = tmux.await(s -> s.contains("Ctrl-L clears the screen"));
            assertTrue(screen.contains("Commands on 'counter'") && screen.contains("  watch "), screen);
            assertFalse(screen.contains("  demo "), "commands that do not apply are not listed\n" + screen);

            tmux.type("clear");
            tmux.keys("Enter");
            screen = tmux.await(s -> !s.contains("Commands on 'counter'"));
            assertFalse(screen.contains("Commands on"), "clear cleared the screen\n" + screen);

            tmux.type("read --as i64");
            tmux.keys("Enter");
            tmux.await(s -> s.contains("\n41"));
            tmux.keys("C-r");
            tmux.type("add coun");
            screen = tmux.await(s -> s.contains("add counter --as i64 41"));
            tmux.keys("Enter");
            screen = tmux.await(s -> s.contains("\n82"));
            assertTrue(screen.contains("82"), "Ctrl-R found the add and ran it again\n" + screen);

            tmux.keys("C-d");
            screen = tmux.await(s -> s.contains("SHELL-ENDED"));
            assertTrue(screen.contains("SHELL-ENDED 0"), screen);
        }
    }
}
