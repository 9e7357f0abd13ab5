package shmkit.watch;

import java.util.function.Consumer;
import shmkit.ShmException;

/**
 * Watch for scripts: one line per change, flushed at once, so {@code shm watch x --text | while read v}
 * reacts to each. A change is a change of the line: bytes the format does not show (past the NUL of
 * --text) print nothing. Ends the watch on {@code --until} (the line equals the value), on
 * {@code --count} (that many changes after the first line), and prints nothing once closed.
 */
public final class LinePrinter implements WatchLoop.Listener {
    private final LineFormat format;
    private final Consumer<String> out;
    private final String until;
    private final long count;
    private final boolean changesOnly;
    private final Object lock = new Object();
    private boolean closed;
    private String last;
    private long changes;

    /**
     * @param out         takes each line (prints and flushes it); never called once {@link #close()} returned
     * @param until       end with status 0 when the line equals this; null never
     * @param count       end with status 0 after this many changes; 0 never
     * @param changesOnly do not print the line the watch starts with
     */
    public LinePrinter(LineFormat format, Consumer<String> out, String until, long count, boolean changesOnly) {
        this.format = format;
        this.out = out;
        this.until = until;
        this.count = count;
        this.changesOnly = changesOnly;
    }

    @Override
    public int started(WatchedBytes value) {
        last = format.format(value);
        if (!changesOnly) {
            print(last);
        }
        return last.equals(until) ? ShmException.OK : WatchLoop.CONTINUE;
    }

    @Override
    public int changed(WatchedBytes value) {
        String line = format.format(value);
        if (line.equals(last)) {
            return WatchLoop.CONTINUE;
        }
        last = line;
        changes++;
        print(line);
        return line.equals(until) || count > 0 && changes >= count ? ShmException.OK : WatchLoop.CONTINUE;
    }

    /** The line for the range's current bytes. */
    public String line() {
        return last;
    }

    private void print(String line) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            out.accept(line);
        }
    }

    /** After this returns nothing more is printed (a line being printed when it is called is finished, never cut). */
    public void close() {
        synchronized (lock) {
            closed = true;
        }
    }
}
