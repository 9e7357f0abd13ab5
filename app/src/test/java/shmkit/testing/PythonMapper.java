package shmkit.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A foreign process that maps a file shared (Python's mmap of the whole file) and holds it until
 * closed: it prints "ready" once mapped, then waits for its stdin to end. Use in try-with-resources
 * so it is gone when the test ends, pass or fail.
 */
public final class PythonMapper implements AutoCloseable {
    private static final String SCRIPT = """
            import fcntl, mmap, os, sys
            fd = os.open(sys.argv[1], os.O_RDWR)
            m = mmap.mmap(fd, 0)
            if sys.argv[2] == 'lock':
                fcntl.lockf(fd, fcntl.LOCK_EX)
            print('ready', flush=True)
            sys.stdin.read()
            """;

    private final Process process;

    private PythonMapper(Process process) {
        this.process = process;
    }

    /** Maps {@code file}; with {@code lock}, also takes a POSIX write lock on all of it (lockf). */
    public static PythonMapper start(Path file, boolean lock) throws IOException {
        return start(List.of(), file, lock);
    }

    /** The same, run under {@code prefix} (e.g. setpriv to run it as another user). */
    public static PythonMapper start(List<String> prefix, Path file, boolean lock) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("python3", "-c", SCRIPT, file.toString(), lock ? "lock" : "nolock"));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        PythonMapper mapper = new PythonMapper(process);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"ready".equals(line)) {
                throw new AssertionError("python mapper did not start: " + line);
            }
        } catch (IOException | RuntimeException | Error e) {
            mapper.close();
            throw e;
        }
        return mapper;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // it may have died already; destroy below makes sure
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
