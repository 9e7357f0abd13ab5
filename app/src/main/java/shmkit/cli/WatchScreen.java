package shmkit.cli;

import java.io.IOError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import shmkit.ShmException;
import shmkit.watch.Chart;
import shmkit.watch.LinePrinter;
import shmkit.watch.Plotted;
import shmkit.watch.WatchEvent;
import shmkit.watch.WatchLoop;
import shmkit.watch.WatchedBytes;
import shmkit.watch.Watcher;

/**
 * shm watch on a terminal: a full-screen hex dump of the range, bytes that changed highlighted and
 * fading (or, with --diff, kept highlighted until the next key), a header with the name, size,
 * changes seen and change rate; or, with --plot, a chart of one number over time with its last,
 * lowest and highest value. What became of the segment (a {@link WatchEvent}) shows in the footer;
 * while the name is waited for, the screen says so. Owns the jline terminal from
 * the moment it is opened until it is restored (alternate screen off, cursor shown, modes back) on q,
 * Ctrl-C, a signal or an error. The only class of watch that touches jline, and only reached when
 * standard output is a terminal, so a watch into a pipe never loads it.
 */
final class WatchScreen implements WatchLoop.Listener {
    /** The quickest redraw after a change: 30 a second is smooth, more only burns CPU. */
    private static final long FRAME = 33_000_000;
    /** While highlights fade, the screen is redrawn this often. */
    private static final long FADE_STEP = 100_000_000;
    private static final long[] FADES = {400_000_000L, 1_500_000_000L, 4_000_000_000L};
    private static final long RATE_WINDOW = 1_000_000_000L;

    private enum Key { UP, DOWN, PAGE_UP, PAGE_DOWN, HOME, END, ZOOM_IN, ZOOM_OUT, QUIT, INTERRUPT, OTHER }

    private final Terminal terminal;
    private final Display display;
    private final WatchLoop loop;
    private final LinePrinter rules;
    private final String name;
    private final boolean showLine;
    private final boolean diff;
    private final Plotted plotted;
    private final Chart chart;
    private final AttributedStyle[] fadeStyles;
    private final ConcurrentLinkedQueue<Key> keys = new ConcurrentLinkedQueue<>();
    private volatile boolean resized = true;

    private Watcher watcher;
    private long offset;
    private long length;
    private WatchedBytes value;
    private int zoom = Chart.DEFAULT_ZOOM;
    /** The last event and when it came (System.nanoTime), for the footer; null before any. */
    private WatchEvent event;
    private long eventAt;
    /** With --diff: how many bytes on screen changed since the last key. */
    private int marked;
    private int rows;
    private int columns;
    private int bytesPerRow;
    private long topRow;
    private long windowStart = -1;
    private byte[] shown = new byte[0];
    private byte[] fresh = new byte[0];
    private long[] changedAt = new long[0];
    private long changes;
    private long lastChange;
    private long rateSince;
    private long rateCount;
    private double rate;
    private boolean dirty = true;
    private long lastDraw;
    private boolean fading;

    private WatchScreen(Terminal terminal, WatchLoop loop, LinePrinter rules, String name, boolean showLine, boolean color,
                        boolean diff, Plotted plotted) {
        this.terminal = terminal;
        this.display = new Display(terminal, true);
        this.loop = loop;
        this.rules = rules;
        this.name = name;
        this.showLine = showLine;
        this.diff = diff;
        this.plotted = plotted;
        this.chart = plotted == null ? null : new Chart(System.nanoTime());
        AttributedStyle plain = AttributedStyle.DEFAULT;
        this.fadeStyles = color
                ? new AttributedStyle[] {plain.background(AttributedStyle.YELLOW).foreground(AttributedStyle.BLACK).bold(),
                        plain.foreground(AttributedStyle.YELLOW).bold(), plain.foreground(AttributedStyle.YELLOW), plain}
                : new AttributedStyle[] {plain.inverse(), plain.bold(), plain.underline(), plain};
    }

    /**
     * Runs the watch on the terminal and returns its exit status; null when standard input and output
     * do not make a terminal jline can drive (the caller prints lines instead).
     *
     * @param rules    --until and --count, and the value line when {@code showLine}; null for none
     * @param diff     keep changed bytes highlighted until the next key (procps watch -d) instead of fading
     * @param plotted  the number to draw as a chart instead of the hex view; null for the hex view
     */
    static Integer show(Io io, WatchLoop loop, LinePrinter rules, String name, boolean showLine, boolean diff,
                        Plotted plotted) {
        Terminal terminal;
        try {
            terminal = shmkit.cli.terminal.Terminals.system(false);
        } catch (IOException | IllegalStateException e) {
            return null;
        }
        if (terminal.getType().startsWith(Terminal.TYPE_DUMB) || terminal.getSize().getColumns() <= 0) {
            close(terminal);
            return null;
        }
        WatchScreen screen = new WatchScreen(terminal, loop, rules, name, showLine, io.colorAllowed(), diff, plotted);
        return screen.run();
    }

    private int run() {
        CountDownLatch restored = new CountDownLatch(1);
        // SIGTERM or SIGHUP: the JVM exits after the hooks, so this one waits for the terminal to be restored.
        Thread hook = new Thread(() -> {
            loop.stop(ShmException.INTERRUPTED);
            try {
                restored.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "shm-watch-restore");
        Attributes saved = terminal.enterRawMode();
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            terminal.handle(Terminal.Signal.INT, signal -> loop.stop(ShmException.INTERRUPTED));
            terminal.handle(Terminal.Signal.WINCH, signal -> {
                resized = true;
                loop.wake();
            });
            terminal.puts(Capability.enter_ca_mode);
            terminal.puts(Capability.keypad_xmit);
            terminal.puts(Capability.cursor_invisible);
            terminal.flush();
            Thread reader = Thread.ofPlatform().daemon().name("shm-watch-keys").start(this::readKeys);
            try {
                return loop.run(this);
            } finally {
                reader.interrupt();
            }
        } finally {
            try {
                terminal.puts(Capability.exit_ca_mode);
                terminal.puts(Capability.keypad_local);
                terminal.puts(Capability.cursor_normal);
                terminal.setAttributes(saved);
                terminal.flush();
            } finally {
                close(terminal);
                restored.countDown();
                removeHook(hook);
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting (a signal): the hook is running or has run
        }
    }

    private static void close(Terminal terminal) {
        try {
            terminal.close();
        } catch (IOException ignored) {
            // the terminal's modes are already restored; nothing else to undo
        }
    }

    /** Turns key presses into keys for the loop's thread, until the terminal closes. */
    private void readKeys() {
        KeyMap<Key> map = new KeyMap<>();
        map.setAmbiguousTimeout(50);
        bind(map, Key.UP, Capability.key_up, "k", "\033[A", "\033OA");
        bind(map, Key.DOWN, Capability.key_down, "j", "\033[B", "\033OB", "\r", "\n");
        bind(map, Key.PAGE_UP, Capability.key_ppage, "b", "\033[5~");
        bind(map, Key.PAGE_DOWN, Capability.key_npage, " ", "f", "\033[6~");
        bind(map, Key.HOME, Capability.key_home, "g", "<", "\033[H", "\033OH", "\033[1~");
        bind(map, Key.END, Capability.key_end, "G", ">", "\033[F", "\033OF", "\033[4~");
        bind(map, Key.ZOOM_IN, null, "+", "=");
        bind(map, Key.ZOOM_OUT, null, "-", "_");
        bind(map, Key.QUIT, null, "q", "Q");
        bind(map, Key.INTERRUPT, null, KeyMap.ctrl('C'));
        map.setUnicode(Key.OTHER);
        map.setNomatch(Key.OTHER);
        BindingReader reader = new BindingReader(terminal.reader());
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Key key = reader.readBinding(map, null, true);
                if (key == null) {
                    return;
                }
                keys.add(key);
                loop.wake();
            }
        } catch (RuntimeException | IOError e) {
            // the terminal was closed under the reader: the watch is over
        }
    }

    private void bind(KeyMap<Key> map, Key key, Capability capability, String... sequences) {
        if (capability != null) {
            String sequence = KeyMap.key(terminal, capability);
            if (sequence != null && !sequence.isEmpty()) {
                map.bind(key, sequence);
            }
        }
        for (String sequence : sequences) {
            map.bind(key, sequence);
        }
    }

    @Override
    public void watching(Watcher watcher) {
        this.watcher = watcher;
        this.value = watcher == null ? null : watcher.value();
        if (watcher != null) {
            offset = watcher.offset();
            length = watcher.length();
            resized = true; // the range may be another: lay the rows out again
        }
        windowStart = -1;
        dirty = true;
    }

    @Override
    public int started(WatchedBytes value) {
        this.value = value;
        long now = System.nanoTime();
        rateSince = now;
        if (chart != null) {
            chart.add(now, plotted.value(value));
        }
        int status = rules == null ? WatchLoop.CONTINUE : rules.started(value);
        draw(now);
        return status;
    }

    @Override
    public int changed(WatchedBytes value) {
        long now = System.nanoTime();
        changes++;
        rateCount++;
        lastChange = now;
        if (chart != null) {
            chart.add(now, plotted.value(value));
        } else {
            markChanges(now);
        }
        dirty = true;
        return rules == null ? WatchLoop.CONTINUE : rules.changed(value);
    }

    @Override
    public int event(WatchEvent event) {
        this.event = event;
        this.eventAt = System.nanoTime();
        dirty = true;
        return WatchLoop.CONTINUE;
    }

    @Override
    public int between(long now) {
        for (Key key; (key = keys.poll()) != null; ) {
            if (diff && marked > 0) {
                // --diff: any key clears what changed since the last one, and then does what it does
                Arrays.fill(changedAt, 0);
                marked = 0;
            }
            switch (key) {
                case QUIT -> {
                    return ShmException.OK;
                }
                case INTERRUPT -> {
                    return ShmException.INTERRUPTED;
                }
                case ZOOM_IN -> zoom = Math.max(1, zoom / 2);
                case ZOOM_OUT -> zoom = chart == null ? zoom : Math.min(chart.maxZoom(columns), zoom * 2);
                case OTHER -> { }
                default -> scroll(key);
            }
            dirty = true;
        }
        if (resized) {
            dirty = true;
        }
        if (now - rateSince >= RATE_WINDOW) {
            rate = rateCount * 1e9 / (now - rateSince);
            rateSince = now;
            rateCount = 0;
            dirty = true;
        }
        if (fading && now - lastDraw >= FADE_STEP || dirty && now - lastDraw >= FRAME
                || chart != null && now - lastDraw >= plotFrame()) {
            draw(now);
        }
        return WatchLoop.CONTINUE;
    }

    /** A chart moves a column of dots every zoom steps: it is drawn again that often (no faster than a frame). */
    private long plotFrame() {
        return Math.max(FRAME, zoom * Chart.STEP);
    }

    @Override
    public long nextDuty() {
        long next = rateSince + RATE_WINDOW;
        if (chart != null) {
            next = earlier(next, lastDraw + plotFrame());
        }
        if (dirty) {
            next = earlier(next, lastDraw + FRAME);
        }
        if (fading) {
            next = earlier(next, lastDraw + FADE_STEP);
        }
        return next;
    }

    private static long earlier(long a, long b) {
        return a - b <= 0 ? a : b;
    }

    private void scroll(Key key) {
        int page = Math.max(1, hexRows() - 1);
        long last = Math.max(0, totalRows() - hexRows());
        topRow = switch (key) {
            case UP -> topRow - 1;
            case DOWN -> topRow + 1;
            case PAGE_UP -> topRow - page;
            case PAGE_DOWN -> topRow + page;
            case HOME -> 0;
            case END -> last;
            default -> topRow;
        };
        topRow = Math.clamp(topRow, 0, last);
    }

    private void draw(long now) {
        if (resized) {
            resized = false;
            Size size = terminal.getSize();
            rows = Math.max(3, size.getRows());
            columns = Math.max(20, size.getColumns());
            display.clear();
            display.resize(rows, columns);
            int before = bytesPerRow;
            bytesPerRow = bytesPerRow(columns, addressDigits());
            if (before != 0 && before != bytesPerRow) {
                topRow = topRow * before / bytesPerRow;
            }
            topRow = Math.clamp(topRow, 0, Math.max(0, totalRows() - hexRows()));
        }
        List<AttributedString> lines = new ArrayList<>(rows);
        fading = false;
        if (value == null) {
            lines.add(banner(" shm watch " + name + " | waiting for it to hold the range | q quits "));
            for (int row = 0; row < rows - 2; row++) {
                lines.add(AttributedString.EMPTY);
            }
        } else if (chart != null) {
            lines.add(plotHeader());
            for (String line : chart.render(columns, rows - 2, now, zoom)) {
                lines.add(new AttributedString(fit(line, columns)));
            }
        } else {
            syncWindow();
            lines.add(header());
            if (showLine) {
                lines.add(valueLine());
            }
            int digits = addressDigits();
            for (int row = 0; row < hexRows(); row++) {
                long first = (topRow + row) * bytesPerRow;
                lines.add(first < length ? hexRow(first, digits, now) : AttributedString.EMPTY);
            }
        }
        lines.add(footer(now));
        display.update(lines, -1);
        dirty = false;
        lastDraw = now;
    }

    /** Keeps a copy of the bytes on screen, so what changed among them can be highlighted. */
    private void syncWindow() {
        long start = topRow * bytesPerRow;
        int size = (int) Math.min((long) hexRows() * bytesPerRow, length - start);
        if (start != windowStart || size != shown.length) {
            windowStart = start;
            // What is on screen is compared at every poll, even in the middle of a gigabyte.
            watcher.focus(start, size);
            shown = new byte[size];
            fresh = new byte[size];
            changedAt = new long[size];
            marked = 0;
            value.copy(start, shown, 0, size);
        }
    }

    private void markChanges(long now) {
        if (windowStart < 0 || value == null) {
            return;
        }
        value.copy(windowStart, fresh, 0, fresh.length);
        for (int i = 0; i < shown.length; i++) {
            if (fresh[i] != shown[i]) {
                shown[i] = fresh[i];
                if (changedAt[i] == 0) {
                    marked++;
                }
                changedAt[i] = now;
            }
        }
    }

    private int hexRows() {
        return Math.max(1, rows - 2 - (showLine ? 1 : 0));
    }

    private long totalRows() {
        return (length + bytesPerRow - 1) / bytesPerRow;
    }

    private int addressDigits() {
        return Math.max(8, (64 - Long.numberOfLeadingZeros(Math.max(1, offset + length - 1)) + 3) / 4);
    }

    /** The widest of 32, 16, 8 or 4 bytes a row that fits: address, hex with a gap every 8, the text column. */
    static int bytesPerRow(int columns, int addressDigits) {
        for (int n = 32; n > 4; n /= 2) {
            if (rowWidth(n, addressDigits) <= columns) {
                return n;
            }
        }
        return 4;
    }

    private static int rowWidth(int n, int addressDigits) {
        return addressDigits + 2 + n * 3 + (n / 8 - 1) + 1 + n;
    }

    private AttributedString header() {
        String range = offset == 0 ? "" : " at offset " + offset;
        String marks = diff ? " | " + marked + (marked == 1 ? " byte" : " bytes") + " changed, any key clears" : "";
        return banner(" shm watch " + name + " | " + length + " bytes" + range + " | " + changes
                + (changes == 1 ? " change" : " changes") + " | " + String.format(Locale.ROOT, "%.1f/s", rate)
                + marks + " | q quits ");
    }

    private AttributedString plotHeader() {
        return banner(" shm watch " + name + " --plot " + plotted.label() + " | last " + Chart.number(chart.last())
                + " | min " + Chart.number(chart.min()) + " | max " + Chart.number(chart.max()) + " | " + changes
                + (changes == 1 ? " change" : " changes") + " | +/- zoom, q quits ");
    }

    /** A line in reverse video across the screen. */
    private AttributedString banner(String text) {
        AttributedStringBuilder line = new AttributedStringBuilder();
        line.style(AttributedStyle.DEFAULT.inverse());
        line.append(fit(text, columns));
        if (text.length() < columns) {
            line.append(" ".repeat(columns - text.length()));
        }
        return line.toAttributedString();
    }

    private AttributedString valueLine() {
        AttributedStringBuilder line = new AttributedStringBuilder();
        line.style(AttributedStyle.DEFAULT.bold()).append("value: ");
        line.style(AttributedStyle.DEFAULT).append(fit(rules.line(), columns - 7));
        return line.toAttributedString();
    }

    private AttributedString footer(long now) {
        long shownFrom = topRow + 1;
        long shownTo = Math.min(totalRows(), topRow + hexRows());
        String since = changes == 0 ? "no change yet"
                : "last change " + String.format(Locale.ROOT, "%.1f s", (now - lastChange) / 1e9) + " ago";
        String happened = event == null ? "" : " | " + event.line().substring(2) + " "
                + String.format(Locale.ROOT, "%.1f s", (now - eventAt) / 1e9) + " ago";
        String text = value == null || chart != null ? since + happened
                : "rows " + shownFrom + "-" + shownTo + " of " + totalRows() + " | " + since + happened
                + " | arrows, PgUp/PgDn, Home/End scroll";
        return new AttributedStringBuilder().style(AttributedStyle.DEFAULT.faint()).append(fit(text, columns))
                .toAttributedString();
    }

    private AttributedString hexRow(long first, int digits, long now) {
        AttributedStringBuilder line = new AttributedStringBuilder(columns);
        String address = Long.toHexString(offset + first);
        line.style(AttributedStyle.DEFAULT.faint()).append("0".repeat(Math.max(0, digits - address.length())))
                .append(address).append("  ");
        int count = (int) Math.min(bytesPerRow, length - first);
        int base = (int) (first - windowStart);
        for (int i = 0; i < bytesPerRow; i++) {
            if (i > 0 && i % 8 == 0) {
                line.style(AttributedStyle.DEFAULT).append(' ');
            }
            if (i < count) {
                int b = shown[base + i] & 0xff;
                line.style(styleOf(base + i, now)).append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
            } else {
                line.style(AttributedStyle.DEFAULT).append("  ");
            }
            line.style(AttributedStyle.DEFAULT).append(' ');
        }
        line.append(' ');
        for (int i = 0; i < count; i++) {
            int b = shown[base + i] & 0xff;
            line.style(styleOf(base + i, now)).append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return line.toAttributedString().columnSubSequence(0, columns);
    }

    /** The highlight of a byte by how long ago it changed: bright, then dimmer, then plain. */
    private AttributedStyle styleOf(int index, long now) {
        long at = changedAt[index];
        if (at == 0) {
            return AttributedStyle.DEFAULT;
        }
        if (diff) {
            return fadeStyles[0];
        }
        long age = now - at;
        for (int step = 0; step < FADES.length; step++) {
            if (age < FADES[step]) {
                fading = true;
                return fadeStyles[step];
            }
        }
        changedAt[index] = 0;
        return AttributedStyle.DEFAULT;
    }

    private static String fit(String text, int width) {
        return text.length() <= width ? text : text.substring(0, Math.max(0, width - 1)) + "…";
    }
}
