package shmkit.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import shmkit.cli.Cli;
import shmkit.cli.Io;

/**
 * Runs shm for tests: in-process through the same Cli that main uses (fast, for behaviour), or as a
 * real process through scripts/shm (for anything that crosses processes). Both point bare names at
 * {@code shmDir} through SHM_DIR, so tests never touch /dev/shm unless they mean to.
 */
public final class Shm {
    private final Path shmDir;
    private final Map<String, String> env = new HashMap<>();
    private boolean terminal;

    public Shm(Path shmDir) {
        this.shmDir = shmDir;
        env.put("SHM_DIR", shmDir.toString());
    }

    public Path dir() {
        return shmDir;
    }

    /** Pretend stdout is a terminal (in-process runs only). */
    public Shm onTerminal() {
        terminal = true;
        return this;
    }

    public Shm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs in-process and asserts success. */
    public CommandRun ok(String... args) {
        return CommandRun.ok(run(args));
    }

    public CommandRun run(String... args) {
        return runWithInput(new byte[0], args);
    }

    public CommandRun runWithInput(byte[] stdin, String... args) {
        return runWithInput(new ByteArrayInputStream(stdin), args);
    }

    public CommandRun runWithInput(InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(stdin, out, err, Map.copyOf(env), false, terminal, false);
        int exit = Cli.run(args, io);
        io.flush();
        return new CommandRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                out.toByteArray());
    }

    /** The repository root (SHM_ROOT, set by the build; else found from the working directory). */
    public static Path root() {
        String root = System.getenv("SHM_ROOT");
        if (root != null) {
            return Path.of(root).toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath();
        return here.getFileName().toString().equals("app") ? here.getParent() : here;
    }

    public static Path launcher() {
        return root().resolve("scripts/shm");
    }

    /** Runs the real scripts/shm as its own process. */
    public CommandRun process(String... args) {
        return process(null, args);
    }

    public CommandRun process(byte[] stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        return exec(command, stdin, env);
    }

    /** Runs any program (a peer: python3, a compiled C program, xxd) with SHM_DIR set. */
    public CommandRun exec(List<String> command, byte[] stdin) {
        return exec(command, stdin, env);
    }

    public static CommandRun exec(List<String> command, byte[] stdin, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        try {
            Path errFile = java.nio.file.Files.createTempFile("shm-test-err", ".txt");
            builder.redirectError(errFile.toFile());
            if (stdin == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process process = builder.start();
            if (stdin != null) {
                Thread feeder = Thread.ofVirtual().start(() -> {
                    try (var in = process.getOutputStream()) {
                        in.write(stdin);
                    } catch (IOException ignored) {
                        // the process may exit without reading everything; that is its answer
                    }
                });
                feeder.join(60_000);
            }
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            String err = java.nio.file.Files.readString(errFile);
            java.nio.file.Files.deleteIfExists(errFile);
            return new CommandRun(process.exitValue(), new String(out, StandardCharsets.UTF_8), err, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
