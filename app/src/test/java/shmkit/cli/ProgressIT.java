package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import shmkit.testing.CommandRun;
import shmkit.testing.DevShm;
import shmkit.testing.Shm;

/** Progress of a 2 GiB create on a real terminal (tmux), and none when stderr is not one. */
class ProgressIT {
    @RegisterExtension
    DevShm devShm = new DevShm();

    @Test
    void a_big_create_shows_progress_on_a_terminal() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
        String socket = "shm-progress-" + UUID.randomUUID();
        String name = devShm.name();
        String script = "'" + Shm.launcher() + "' create " + name + " --size 2G; echo exit=$?; tmux wait-for -S created; sleep 60";
        Map<String, String> env = Map.of("LANG", "C.UTF-8", "TERM", "xterm");
        List<String> tmux = List.of("tmux", "-L", socket);
        try {
            CommandRun started = Shm.exec(concat(tmux, "new-session", "-d", "-x", "100", "-y", "10", "bash", "-c", script), null, env);
            assertEquals(0, started.exit(), started::toString);
            Shm.exec(concat(tmux, "wait-for", "created"), null, env);
            String screen = Shm.exec(concat(tmux, "capture-pane", "-p"), null, env).out();
            assertTrue(screen.contains("exit=0"), screen);
            List<String> bars = screen.lines().filter(line -> line.startsWith("create ")).toList();
            assertEquals(1, bars.size(), () -> "one progress line:\n" + screen);
            assertTrue(bars.get(0).startsWith("create 100%") && bars.get(0).contains("2048/2048 MiB"), screen);
            assertTrue(bars.get(0).length() < 100, () -> "fits the 100 columns: " + bars.get(0));
        } finally {
            Shm.exec(concat(tmux, "kill-server"), null, env);
        }
    }

    @Test
    void a_big_create_prints_nothing_when_stderr_is_not_a_terminal() {
        String name = devShm.name();
        CommandRun run = new Shm(DevShm.DIR).process("create", name, "--size", "1G");
        assertEquals(0, run.exit(), run::toString);
        assertEquals("", run.err());
    }

    private static List<String> concat(List<String> first, String... rest) {
        return java.util.stream.Stream.concat(first.stream(), java.util.Arrays.stream(rest)).toList();
    }
}
