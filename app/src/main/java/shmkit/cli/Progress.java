package shmkit.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Progress of long work on standard error: bytes done, rate, time left. Shown only when stderr is a
 * terminal and the work is big (at least {@link #THRESHOLD} bytes, or, when its size is not known,
 * once that many have passed), so pipes, logs, tests and small commands see nothing, and the
 * drawing code ({@link ProgressDisplay}, a library) is loaded only then. Owns the progress line
 * until closed.
 *
 * <pre>{@code
 * try (Progress progress = Progress.of(io, "dump", length)) {   // length -1 when not known
 *     ... progress.accept(bytesDoneSoFar); ...
 * }
 * }</pre>
 */
public final class Progress implements shmkit.ops.Meter {
    /** Work smaller than this ends too soon for progress to help. */
    public static final long THRESHOLD = 1L << 30;
    private static final Progress NONE = new Progress(null, null, 0);

    private final Io io;
    private final String task;
    private final long total;
    private final long started = System.nanoTime();
    private ProgressDisplay display;

    private Progress(Io io, String task, long total) {
        this.io = io;
        this.task = task;
        this.total = total;
    }

    /**
     * Progress of {@code total} bytes of work called {@code task} (a command name), or -1 when the
     * size is not known until the work ends (a pipe); one that shows nothing when it should not show.
     */
    public static Progress of(Io io, String task, long total) {
        if (!io.stderrIsTerminal() || total >= 0 && total < THRESHOLD) {
            return NONE;
        }
        return new Progress(io, task, total);
    }

    /** Whether this may show anything at all. */
    public boolean enabled() {
        return io != null;
    }

    /** {@code done} bytes of the work are done. */
    @Override
    public void accept(long done) {
        if (io == null) {
            return;
        }
        if (display == null) {
            if (total < 0 && done < THRESHOLD) {
                return;
            }
            display = new ProgressDisplay(io, task, total, done, Duration.ofNanos(System.nanoTime() - started));
        }
        display.stepTo(done);
    }

    /**
     * {@code channel} reporting each read as progress, counting from {@code done}; the channel itself
     * when this shows nothing.
     */
    public ReadableByteChannel counting(ReadableByteChannel channel, long done) {
        if (io == null) {
            return channel;
        }
        return new ReadableByteChannel() {
            private long read = done;

            @Override
            public int read(ByteBuffer buffer) throws IOException {
                int n = channel.read(buffer);
                if (n > 0) {
                    read += n;
                    accept(read);
                }
                return n;
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    /** Draws the last state and ends the line, so what follows (an error, the prompt) starts clean. */
    @Override
    public void close() {
        if (display != null) {
            display.close();
            display = null;
        }
    }
}
