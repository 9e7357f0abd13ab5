package shmkit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A C program written for a test, compiled with gcc into the test's folder: a peer shm did not write. */
public final class CPeer {
    private final Path binary;

    private CPeer(Path binary) {
        this.binary = binary;
    }

    /** Compiles {@code source} (gcc -O2, linked with -lrt for shm_open on older glibc) or fails the test with gcc's output. */
    public static CPeer compile(Path dir, String name, String source) {
        try {
            Path file = dir.resolve(name + ".c");
            Files.writeString(file, source);
            Path binary = dir.resolve(name);
            CommandRun gcc = Shm.exec(List.of("gcc", "-O2", "-std=gnu11", "-Wall", "-Werror", "-o", binary.toString(),
                    file.toString(), "-lrt"), null, Map.of());
            assertEquals(0, gcc.exit(), () -> "gcc failed on " + name + ".c:\n" + gcc);
            return new CPeer(binary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CommandRun run(String... args) {
        return Shm.exec(command(args), null, Map.of());
    }

    /** Starts the peer without waiting for it (for peers that run alongside shm). */
    public Process start(String... args) {
        try {
            return new ProcessBuilder(command(args)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        return command;
    }
}
