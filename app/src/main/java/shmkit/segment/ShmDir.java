package shmkit.segment;

import java.nio.file.Path;
import java.util.Map;

/** Where bare segment names live: the one place that knows /dev/shm and SHM_DIR. */
public final class ShmDir {
    private ShmDir() {}

    /** The folder behind POSIX shm_open("/NAME") on Linux: names here are the ones C and Python reach. */
    public static final Path POSIX = Path.of("/dev/shm");

    /** SHM_DIR when set and not empty, else {@link #POSIX}. */
    public static Path of(Map<String, String> env) {
        String dir = env.get("SHM_DIR");
        return dir == null || dir.isEmpty() ? POSIX : Path.of(dir);
    }
}
