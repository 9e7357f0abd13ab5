package shmkit.inspect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small facts about one process, from /proc/PID: whom it runs as. */
final class Processes {
    private Processes() {}

    /** The uid that owns process {@code pid} (of its /proc folder: its real user), or -1 when it is gone. */
    static int uid(long pid) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/" + pid), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
