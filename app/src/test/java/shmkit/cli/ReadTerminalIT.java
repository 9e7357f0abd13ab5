package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.Shm;
import shmkit.testing.Tmux;

/** {@code shm read} on a real terminal (tmux): text as text, and binary bytes escaped each, never half decoded. */
class ReadTerminalIT {
    @TempDir
    Path dir;

    @Test
    void shows_text_and_escapes_every_byte_of_binary() {
        Shm shm = new Shm(dir);
        assertEquals(0, shm.process("create", "seg", "--size", "24").exit());
        assertEquals(0, shm.process("write", "seg", "--hex", "de ad be ef").exit());
        assertEquals(0, shm.process("write", "seg", "--offset", "4", " café ").exit());
        assertEquals(0, shm.process("write", "seg", "--offset", "11", "--hex", "c3 a9 ff 1b 5b 32 4a").exit());
        String command = "SHM_DIR='" + dir + "' LANG=C.UTF-8 '" + Shm.launcher() + "' read seg; echo; echo ENDED $?; sleep 30";
        try (Tmux tmux = new Tmux(command, 100, 10)) {
            String screen = tmux.await(s -> s.contains("ENDED"));
            assertTrue(screen.contains("ENDED 0"), screen);
            String line = screen.lines().findFirst().orElse("");
            assertEquals("\\xde\\xad\\xbe\\xef café \\xc3\\xa9\\xff\\x1b[2J\\0\\0\\0\\0\\0\\0", line.strip(), screen);
        }
    }
}
