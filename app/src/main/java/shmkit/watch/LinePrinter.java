package shmkit.watch;

import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import shmkit.ShmException;
import shmkit.text.Json;

/**
 * Watch for scripts: one line per change, flushed at once, so {@code shm watch x --text | while read v}
 * reacts to each. A change is a change of the line: bytes the format does not show (past the NUL of
 * --text) print nothing. Ends the watch on {@code --until} (the value equals it), on {@code --count}
 * (that many changes after the first line), and prints nothing once closed.
 *
 * <p>How a line looks is its {@link Style}: a timestamp first (--timestamps), lifecycle events as
 * lines of their own that start with {@code #} (then a value line that would start with {@code #}
 * shows it as {@code \x23}, so the two never mix), and JSON: the value alone as JSON, or, with a
 * timestamp or events, one object a line, {@code {"time":...,"value":...}} and
 * {@code {"time":...,"event":"grew",...}}.
 */
public final class LinePrinter implements WatchLoop.Listener {
    /**
     * How lines look.
     *
     * @param json   the value as JSON (a line of its own, or the "value" member); null for plain lines
     * @param time   the timestamp's format; null for none
     * @param events whether lifecycle events are printed
     * @param wall   the wall clock the timestamps read
     * @param clock  System.nanoTime or a test's: elapsed time, from when the printer was made
     */
    public record Style(LineFormat json, TimeFormat time, boolean events, InstantSource wall, LongSupplier clock) {
        public static final Style PLAIN = new Style(null, null, false, InstantSource.system(), System::nanoTime);

        public Style(LineFormat json, TimeFormat time, boolean events) {
            this(json, time, events, InstantSource.system(), System::nanoTime);
        }

        /** Whether each line is an object (a timestamp or events go with the value). */
        boolean objects() {
            return json != null && (time != null || events);
        }
    }

    private final LineFormat format;
    private final Style style;
    private final Consumer<String> out;
    private final String until;
    private final long count;
    private final boolean changesOnly;
    private final long start;
    private final Object lock = new Object();
    private boolean closed;
    private String last;
    private long changes;

    /** Plain lines: the value alone. */
    public LinePrinter(LineFormat format, Consumer<String> out, String until, long count, boolean changesOnly) {
        this(format, Style.PLAIN, out, until, count, changesOnly);
    }

    /**
     * @param format      the value as plain text: what --until compares with, and what decides that it changed
     * @param out         takes each line (prints and flushes it); never called once {@link #close()} returned
     * @param until       end with status 0 when the value equals this; null never
     * @param count       end with status 0 after this many changes; 0 never
     * @param changesOnly do not print the value the watch starts with
     */
    public LinePrinter(LineFormat format, Style style, Consumer<String> out, String until, long count,
                       boolean changesOnly) {
        this.format = format;
        this.style = style;
        this.out = out;
        this.until = until;
        this.count = count;
        this.changesOnly = changesOnly;
        this.start = style.clock().getAsLong();
    }

    @Override
    public int started(WatchedBytes value) {
        long at = now();
        long elapsed = style.clock().getAsLong() - start;
        last = format.format(value);
        if (!changesOnly) {
            print(valueLine(last, value, at, elapsed));
        }
        return last.equals(until) ? ShmException.OK : WatchLoop.CONTINUE;
    }

    @Override
    public int changed(WatchedBytes value) {
        long at = now();
        long elapsed = style.clock().getAsLong() - start;
        String line = format.format(value);
        if (line.equals(last)) {
            return WatchLoop.CONTINUE;
        }
        last = line;
        changes++;
        print(valueLine(line, value, at, elapsed));
        return line.equals(until) || count > 0 && changes >= count ? ShmException.OK : WatchLoop.CONTINUE;
    }

    @Override
    public int event(WatchEvent event) {
        if (!style.events()) {
            return WatchLoop.CONTINUE;
        }
        long at = now();
        long elapsed = style.clock().getAsLong() - start;
        if (style.json() != null) {
            Json json = new Json(new StringBuilder()).beginObject();
            time(json, at, elapsed);
            event.json(json);
            print(json.endObject().toString());
        } else {
            print(stamp(at, elapsed) + event.line());
        }
        return WatchLoop.CONTINUE;
    }

    /** The value as the plain format shows it, as --until compares it. */
    public String line() {
        return last;
    }

    private String valueLine(String plain, WatchedBytes value, long at, long elapsed) {
        if (style.json() == null) {
            // An event line starts with '#': a value that does too shows it escaped, as the formats escape bytes.
            String shown = style.events() && plain.startsWith("#") ? "\\x23" + plain.substring(1) : plain;
            return stamp(at, elapsed) + shown;
        }
        String json = style.json() == format ? plain : style.json().format(value);
        if (!style.objects()) {
            return json;
        }
        Json object = new Json(new StringBuilder()).beginObject();
        time(object, at, elapsed);
        return object.name("value").rawValue(json).endObject().toString();
    }

    private String stamp(long at, long elapsed) {
        return style.time() == null ? "" : style.time().format(at, elapsed) + " ";
    }

    private void time(Json json, long at, long elapsed) {
        if (style.time() != null) {
            json.name("time");
            style.time().json(json, at, elapsed);
        }
    }

    /** The wall-clock time in nanoseconds since 1970 (read only when a timestamp shows it). */
    private long now() {
        if (style.time() == null) {
            return 0;
        }
        Instant instant = style.wall().instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
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
