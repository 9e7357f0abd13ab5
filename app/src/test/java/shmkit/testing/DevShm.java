package shmkit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Unique names in the real /dev/shm for tests whose subject is /dev/shm itself (peers that use
 * shm_open or SharedMemory by name); every name handed out is removed after the test, pass or fail.
 */
public final class DevShm implements AfterEachCallback {
    public static final Path DIR = Path.of("/dev/shm");
    private final List<String> names = new ArrayList<>();

    public String name() {
        String name = "shmtest-" + UUID.randomUUID().toString().substring(0, 12);
        names.add(name);
        return name;
    }

    public Path path(String name) {
        return DIR.resolve(name);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        for (String name : names) {
            Files.deleteIfExists(DIR.resolve(name));
        }
        names.clear();
    }
}
