package shmkit.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real terminal for tests: a detached tmux session, typed into with send-keys, read with capture-pane. */
public final class Tmux implements AutoCloseable {
    private final String session = "shmtest-" + UUID.randomUUID().toString().substring(0, 8);

    /** Starts {@code command} (a shell command line) in a new session of the given size. */
    public Tmux(String command, int width, int height) {
        assumeTrue(tmux("-V").startsWith("tmux"), "tmux is installed");
        tmux("new-session", "-d", "-s", session, "-x", String.valueOf(width), "-y", String.valueOf(height), command);
    }

    public void type(String text) {
        tmux("send-keys", "-t", session, "-l", "--", text);
    }

    /** Special keys by tmux's names: Enter, Tab, Up, C-c, C-d. */
    public void keys(String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    public String screen() {
        return tmux("capture-pane", "-p", "-t", session);
    }

    /** The screen with its colours and attributes as SGR escape codes (capture-pane -e). */
    public String styledScreen() {
        return tmux("capture-pane", "-p", "-e", "-t", session);
    }

    /** A tmux format about the pane, such as #{alternate_on} or #{cursor_flag}. */
    public String show(String format) {
        return tmux("display-message", "-p", "-t", session, format).strip();
    }

    /** Waits up to 15 s for the screen to satisfy {@code test}; returns the last screen either way. */
    public String await(Predicate<String> test) {
        return await(test, 15_000);
    }

    /** Waits up to {@code millis} for the screen to satisfy {@code test}; returns the last screen either way. */
    public String await(Predicate<String> test, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        String screen = screen();
        while (!test.test(screen) && System.nanoTime() < deadline) {
            sleep(50);
            screen = screen();
        }
        return screen;
    }

    public boolean alive() {
        return tmux("has-session", "-t", session).isEmpty() && !screen().isEmpty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tmux(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            process.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Override
    public void close() {
        tmux("kill-session", "-t", session);
    }
}
