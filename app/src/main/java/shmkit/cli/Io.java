package shmkit.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import shmkit.ShmException;
import shmkit.ops.Input;
import shmkit.ops.Output;

/**
 * The process's streams and surroundings as one value, so that main, the shell and the tests hand
 * commands the same things: raw stdout for bytes, a writer over the same stream for text, stderr,
 * stdin, the environment, and whether each stream is a terminal. Nothing in it changes after it is
 * made; the shell's state lives in the shell. Operations see it as {@link Input} and {@link Output}.
 */
public final class Io {
    private final InputStream in;
    private final Stdout out;
    private final PrintWriter text;
    private final PrintWriter err;
    private final Map<String, String> env;
    private final boolean stdoutTerminal;
    private final boolean stderrTerminal;
    private final boolean stdinTerminal;

    private final java.nio.channels.FileChannel outChannel;

    public Io(InputStream in, OutputStream out, OutputStream err, Map<String, String> env,
              boolean stdinTerminal, boolean stdoutTerminal, boolean stderrTerminal) {
        this(in, out, null, err, env, stdinTerminal, stdoutTerminal, stderrTerminal);
    }

    private Io(InputStream in, OutputStream out, java.nio.channels.FileChannel outChannel, OutputStream err,
               Map<String, String> env, boolean stdinTerminal, boolean stdoutTerminal, boolean stderrTerminal) {
        this.outChannel = outChannel;
        this.in = in;
        this.out = new Stdout(out);
        this.text = new PrintWriter(new OutputStreamWriter(this.out, StandardCharsets.UTF_8), false);
        this.err = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        this.env = env;
        this.stdinTerminal = stdinTerminal;
        this.stdoutTerminal = stdoutTerminal;
        this.stderrTerminal = stderrTerminal;
    }

    /** Streams like a real run's into a file (stdout with its channel), none of them a terminal. */
    public static Io toFile(InputStream in, FileOutputStream out, OutputStream err, Map<String, String> env) {
        return new Io(in, new BufferedOutputStream(out, 1 << 16), out.getChannel(), err, env, false, false, false);
    }

    /** The real process streams; a stream is a terminal when /proc says its fd is a tty. */
    public static Io system() {
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        return new Io(new FileInputStream(FileDescriptor.in), new BufferedOutputStream(stdout, 1 << 16),
                stdout.getChannel(), new FileOutputStream(FileDescriptor.err), System.getenv(),
                isTerminal(0), isTerminal(1), isTerminal(2));
    }

    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    public InputStream in() {
        return in;
    }

    /** Standard input as a channel: the file's own channel when it is one, so bulk copies skip a copy. */
    public java.nio.channels.ReadableByteChannel inChannel() {
        return in instanceof FileInputStream file ? file.getChannel() : java.nio.channels.Channels.newChannel(in);
    }

    /**
     * Hands bulk bytes to standard output through {@code transfer}: straight to the file descriptor
     * when there is one (so the kernel can move them), else through {@link #out()}. Failures are
     * reported as out() reports them.
     */
    public void transfer(Output.Transfer transfer) throws IOException {
        if (outChannel == null) {
            transfer.to(java.nio.channels.Channels.newChannel(out));
            return;
        }
        flush();
        try {
            transfer.to(outChannel);
        } catch (IOException e) {
            throw out.failed(e);
        }
    }


    /** Raw standard output; a closed pipe surfaces as a quiet ShmException, other errors as a failure. */
    public OutputStream out() {
        return out;
    }

    /** Text on standard output (UTF-8), over {@link #out()}; flush it before writing raw bytes. */
    public PrintWriter text() {
        return text;
    }

    public PrintWriter err() {
        return err;
    }

    public String env(String name) {
        return env.get(name);
    }

    public Map<String, String> env() {
        return env;
    }

    public boolean stdoutIsTerminal() {
        return stdoutTerminal;
    }

    public boolean stderrIsTerminal() {
        return stderrTerminal;
    }

    public boolean stdinIsTerminal() {
        return stdinTerminal;
    }

    /** Colour only to a terminal and never when NO_COLOR is set (no-color.org). */
    public boolean colorAllowed() {
        String noColor = env.get("NO_COLOR");
        return stdoutTerminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
    }

    /**
     * How many bytes standard input still holds when it is a regular file (redirected with '<'),
     * else -1: a pipe or device has no length until it ends.
     */
    public long stdinRemaining() {
        if (!(in instanceof FileInputStream file)) {
            return -1;
        }
        try {
            Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/0"));
            if (!Files.isRegularFile(target)) {
                return -1;
            }
            java.nio.channels.FileChannel channel = file.getChannel();
            return Math.max(0, channel.size() - channel.position());
        } catch (IOException | UnsupportedOperationException | java.nio.file.InvalidPathException e) {
            return -1;
        }
    }

    /** Standard input's channel when it is a regular file (so it can be read twice), else null. */
    public java.nio.channels.FileChannel stdinFile() {
        return stdinRemaining() >= 0 && in instanceof FileInputStream file ? file.getChannel() : null;
    }

    /** With SHM_DEBUG=1, the trace of a failure on stderr, cause by cause; otherwise nothing. */
    public void trace(Throwable failure) {
        if (!debug()) {
            return;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            err.println((t == failure ? "" : "Caused by: ") + shmkit.text.SafeText.line(String.valueOf(t)));
            for (StackTraceElement frame : t.getStackTrace()) {
                err.println("\tat " + frame);
            }
        }
        err.flush();
    }

    public boolean debug() {
        return "1".equals(env.get("SHM_DEBUG"));
    }

    /** Where bare segment names live (SHM_DIR, else /dev/shm). */
    public Path shmDir() {
        if (shmDir == null) {
            shmDir = shmkit.segment.ShmDir.of(env); // the environment is fixed: a shell asks at every line
        }
        return shmDir;
    }

    private Path shmDir;

    /** Standard input as operations see it. */
    public Input input() {
        return new Input() {
            @Override
            public InputStream stream() {
                return in;
            }

            @Override
            public java.nio.channels.ReadableByteChannel channel() {
                return inChannel();
            }

            @Override
            public java.nio.channels.FileChannel file() {
                return stdinFile();
            }
        };
    }

    /** Standard output as operations see it. */
    public Output output() {
        return new Output() {
            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public void transfer(Transfer transfer) throws IOException {
                Io.this.transfer(transfer);
            }

            @Override
            public boolean terminal() {
                return stdoutTerminal;
            }
        };
    }

    public void flush() {
        text.flush();
        try {
            out.flush();
        } finally {
            err.flush();
        }
    }

    /**
     * Standard output that reports its own failures: PrintWriter swallows IOExceptions, so this throws
     * an unchecked ShmException instead, which PrintWriter lets through. A closed pipe ("| head") is
     * quiet; anything else (a full disk) is one line and exit 1.
     */
    private static final class Stdout extends OutputStream {
        private final OutputStream target;
        private boolean closedPipe;

        Stdout(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            try {
                target.write(b);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                target.write(b, off, len);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void flush() {
            if (closedPipe) {
                return;
            }
            try {
                target.flush();
            } catch (IOException e) {
                throw failed(e);
            }
        }

        /**
         * EPIPE reaches Java only as the text of an IOException: this is the boundary where the
         * system's words become a reason (CLOSED_PIPE), and nothing past it reads a message.
         */
        ShmException failed(IOException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Broken pipe") || message.contains("Stream closed")) {
                closedPipe = true;
                return ShmException.closedPipe();
            }
            return new ShmException(ShmException.Reason.IO_ERROR, "cannot write to standard output: " + message, e);
        }
    }
}
