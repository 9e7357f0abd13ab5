package shmkit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A program a test drives through its standard input, one command a line, while shm looks at it
 * from outside (a C program with a System V segment, a memfd, a forked child): its output line by
 * line as it comes. Ended on close (stdin closed, then killed if it lingers), pass or fail.
 */
public final class Driven implements AutoCloseable {
    private final Process process;
    private final OutputStream in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder seen = new StringBuilder();

    private Driven(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        Thread.ofPlatform().daemon().start(this::read);
    }

    public static Driven start(List<String> command) {
        try {
            return new Driven(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        try (InputStream out = process.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = out.read()) >= 0; ) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    synchronized (seen) {
                        seen.append(text).append('\n');
                    }
                    lines.add(text);
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        } catch (IOException ignored) {
            // it ended; what it printed is kept
        }
    }

    /** The next line it prints, waiting up to 20 s. */
    public String nextLine() {
        try {
            String line = lines.poll(20, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no line from the program within 20 s; so far:\n" + this);
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next line it prints, split on spaces, asserting its first word. */
    public List<String> expect(String first) {
        String line = nextLine();
        List<String> words = new ArrayList<>(List.of(line.split(" ")));
        if (!words.get(0).equals(first)) {
            throw new AssertionError("expected a line starting '" + first + "', got '" + line + "'; so far:\n" + this);
        }
        return words;
    }

    /** Sends one command line. */
    public void send(String command) {
        try {
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the program is gone: " + this, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for it to end (after a command that ends it) and returns its status. */
    public int await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + timeout + ":\n" + this);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        synchronized (seen) {
            return seen.toString();
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // gone already
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
