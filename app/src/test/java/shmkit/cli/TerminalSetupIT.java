package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.Shm;
import shmkit.testing.Tmux;

/**
 * Interactive commands set up their terminal without running a program found on PATH (issue 15: with
 * scripts/ on PATH, jline's 'test -t 1' ran the project's test script). A folder of fake test, stty,
 * tput, tty, infocmp and uname, each recording its call, goes first on PATH, and the shell, the watch
 * screen and a progress bar run on a real terminal (tmux); none of the fakes may be called.
 */
class TerminalSetupIT {
    private static final List<String> FAKES = List.of("test", "stty", "tput", "tty", "infocmp", "uname", "ls", "readlink");

    @TempDir
    Path dir;
    private Path fakes;
    private Path calls;
    private Shm shm;

    @BeforeEach
    void fakePrograms() throws IOException {
        fakes = Files.createDirectories(dir.resolve("fake bin"));
        calls = dir.resolve("calls.log");
        for (String name : FAKES) {
            Path fake = fakes.resolve(name);
            Files.writeString(fake, "#!/bin/sh\necho \"" + name + " $*\" >> '" + calls + "'\nexit 1\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // The fakes are found first: a program looked up on PATH would be recorded.
        Shm.exec(List.of("sh", "-c", "env stty size; env test -t 1"), null, Map.of("PATH", fakes + ":/usr/bin:/bin"));
        assertEquals("stty size\ntest -t 1\n", Files.readString(calls));
        Files.delete(calls);
        shm = new Shm(dir);
        assertEquals(0, shm.process("create", "seg", "--size", "64").exit());
    }

    /** A command line for tmux: shm with the fakes first on PATH, then a marker when it has ended. */
    private String underFakes(String args) {
        return "export PATH='" + fakes + "':\"$PATH\" SHM_DIR='" + dir + "' HOME='" + dir + "'; '" + Shm.launcher() + "' "
                + args + "; echo ENDED $?; sleep 30";
    }

    private void assertNoneCalled() throws IOException {
        assertFalse(Files.exists(calls), () -> "programs run from PATH:\n" + read(calls));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void the_shell_runs_nothing_from_path() throws IOException {
        try (Tmux tmux = new Tmux(underFakes("shell seg"), 100, 20)) {
            String screen = tmux.await(s -> s.contains("shm seg>"));
            assertTrue(screen.contains("shm seg>"), screen);
            tmux.type("write fromtty");
            tmux.keys("Enter");
            tmux.type("rea");
            tmux.keys("Tab");
            tmux.type(" --text");
            tmux.keys("Enter");
            screen = tmux.await(s -> s.contains("\nfromtty"));
            assertTrue(screen.contains("\nfromtty"), screen);
            tmux.keys("C-d");
            screen = tmux.await(s -> s.contains("ENDED"));
            assertTrue(screen.contains("ENDED 0"), screen);
        }
        assertNoneCalled();
    }

    @Test
    void the_watch_screen_runs_nothing_from_path() throws IOException {
        assertEquals(0, shm.process("write", "seg", "watched").exit());
        try (Tmux tmux = new Tmux(underFakes("watch seg"), 100, 20)) {
            String screen = tmux.await(s -> s.contains("seg") && s.contains("watched"));
            assertTrue(screen.contains("watched"), "the full-screen watch is up\n" + screen);
            tmux.keys("C-c");
            screen = tmux.await(s -> s.contains("ENDED"));
            assertTrue(screen.contains("ENDED 130"), screen);
        }
        assertNoneCalled();
    }

    @Test
    void a_progress_bar_runs_nothing_from_path() throws IOException {
        try (Tmux tmux = new Tmux(underFakes("create big --size 1G"), 100, 20)) {
            String screen = tmux.await(s -> s.contains("ENDED"));
            assertTrue(screen.contains("ENDED 0"), screen);
            assertTrue(screen.contains("create 100%"), "the progress bar was drawn\n" + screen);
        } finally {
            Files.deleteIfExists(dir.resolve("big"));
        }
        assertNoneCalled();
    }
}
