package shmkit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * {@code @TempDir(factory = TmpfsDir.class)}: a temporary directory in /dev/shm (tmpfs), removed after
 * the test like any @TempDir. For tests about memory: on tmpfs a sparse gigabyte costs nothing until
 * written, and touching a mapped page maps only the 64 KiB around it.
 */
public final class TmpfsDir implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        return Files.createTempDirectory(DevShm.DIR, "shmtest-");
    }
}
