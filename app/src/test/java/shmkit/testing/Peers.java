package shmkit.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The programs the tests hold shm to: xxd, hexdump and od, hexyl (dump), inotifywait (watch).
 * scripts/test installs the missing ones from Debian's packages (xxd, bsdextrautils, coreutils, hexyl,
 * inotify-tools); a test that finds one missing fails rather than skips, because a comparison with
 * nothing proves nothing.
 */
public final class Peers {
    private Peers() {}

    public static void require(String... tools) {
        for (String tool : tools) {
            if (find(tool) == null) {
                throw new AssertionError(tool + " is not installed; scripts/test installs it ('apt-get install xxd "
                        + "bsdextrautils coreutils hexyl inotify-tools'), and the tests compare shm with it");
            }
        }
    }

    private static Path find(String tool) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
