package shmkit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process a test runs in the background (a watch, while the test plays the writer): its standard
 * output line by line as it comes, everything it printed once it ends. Killed on close if still running.
 */
public final class Spawned implements AutoCloseable {
    private final Process process;
    private final Path errFile;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Thread reader;

    private Spawned(Process process, Path errFile) {
        this.process = process;
        this.errFile = errFile;
        this.reader = Thread.ofPlatform().daemon().start(this::read);
    }

    /** Runs the real scripts/shm with SHM_DIR pointing at {@code shmDir}. */
    public static Spawned shm(Path shmDir, String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(Shm.launcher().toString());
        command.addAll(List.of(args));
        return start(command, Map.of("SHM_DIR", shmDir.toString()));
    }

    public static Spawned start(List<String> command, Map<String, String> env) {
        try {
            Path errFile = Files.createTempFile("shm-test-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(errFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            return new Spawned(builder.start(), errFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        try (InputStream in = process.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0; ) {
                synchronized (out) {
                    out.write(b);
                }
                if (b == '\n') {
                    lines.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        } catch (IOException ignored) {
            // the process ended; what it printed is kept
        }
    }

    /** The next line of standard output, waiting up to {@code timeout} for it. */
    public String nextLine(Duration timeout) {
        try {
            String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new AssertionError("no line within " + timeout + "; so far: " + this);
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** What the process has written to standard error so far (a peer's ready line: inotifywait's). */
    public String errSoFar() {
        try {
            return Files.readString(errFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits up to {@code timeout} for standard error to contain {@code text}. */
    public void awaitErr(String text, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!errSoFar().contains(text)) {
            if (System.nanoTime() - end > 0 || !process.isAlive() && !errSoFar().contains(text)) {
                throw new AssertionError("never printed '" + text + "' on stderr: " + errSoFar() + "\n" + this);
            }
            pause(20);
        }
    }

    /**
     * Waits up to {@code timeout} until this JVM's main thread runs {@code frame} (a method, as
     * {@code shmkit.watch.WatchLoop.run}), as jcmd's thread dump shows it: the ready signal of a
     * program that prints none, such as a watch waiting for a name that does not exist yet.
     */
    public void awaitFrame(String frame, Duration timeout) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        long end = System.nanoTime() + timeout.toNanos();
        String dump = "";
        while (process.isAlive() && System.nanoTime() - end < 0) {
            try {
                Process probe = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                        .redirectErrorStream(true).start();
                dump = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                probe.waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            int main = dump.indexOf("\n\"main\"");
            int next = main < 0 ? -1 : dump.indexOf("\n\n", main + 1);
            if (main >= 0 && dump.substring(main, next < 0 ? dump.length() : next).contains("at " + frame + "(")) {
                return;
            }
            pause(50);
        }
        throw new AssertionError("the main thread never ran " + frame + "; last dump:\n" + dump + "\n" + this);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends a signal by name (INT, TERM) with kill(1). */
    public void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the process to end and returns what it did. */
    public CommandRun await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after " + timeout + ": " + this);
            }
            reader.join(10_000);
            byte[] bytes;
            synchronized (out) {
                bytes = out.toByteArray();
            }
            return new CommandRun(process.exitValue(), new String(bytes, StandardCharsets.UTF_8),
                    Files.readString(errFile), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        synchronized (out) {
            return "stdout so far:\n" + out.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(errFile);
    }
}
