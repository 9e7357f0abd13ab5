package shmkit.cli;

import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import me.tongfei.progressbar.DefaultProgressBarRenderer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * The drawing behind {@link Progress}: me.tongfei's progress bar (percent, bar, MiB done of total,
 * elapsed and left, rate), redrawn in place on stderr from the library's own thread. Only
 * Progress creates it, and only when it is to be seen, so the library is not loaded otherwise.
 * It is given the terminal's width rather than left to find it: its own way opens a jline system
 * terminal with every provider jline has, which costs half a second and runs programs from PATH.
 */
final class ProgressDisplay {
    private static final int MIB = 1 << 20;
    private final ProgressBar bar;
    private final Line line;

    ProgressDisplay(Io io, String task, long total, long done, Duration elapsed) {
        ProgressBarStyle style = utf8(io) ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII;
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUpdateIntervalMillis(200)
                .startsFrom(done, elapsed).setRenderer(new Bytes(style, total >= 0))
                .setConsumer(line = new Line(io.err(), columns(io))).build();
    }

    /**
     * The library's layout, with rate and time left computed for bytes: its own divide whole seconds
     * and whole nanoseconds per item, which at gigabytes a second read "? MiB/s" and "0:00:00".
     */
    private static final class Bytes extends DefaultProgressBarRenderer {
        Bytes(ProgressBarStyle style, boolean eta) {
            super(style, " MiB", MIB, true, new DecimalFormat("0"), ChronoUnit.SECONDS, eta, Bytes::timeLeft);
        }

        @Override
        protected String speed(ProgressState progress) {
            double seconds = progress.getElapsedAfterStart().toNanos() / 1e9;
            if (seconds < 0.1) {
                return "";
            }
            double perSecond = (progress.getCurrent() - progress.getStart()) / seconds;
            return perSecond >= 1L << 30 ? String.format("%.1f GiB/s", perSecond / (1L << 30))
                    : String.format("%.0f MiB/s", perSecond / MIB);
        }

        private static Optional<Duration> timeLeft(ProgressState progress) {
            long done = progress.getCurrent() - progress.getStart();
            long nanos = progress.getElapsedAfterStart().toNanos();
            if (progress.isIndefinite() || done <= 0 || nanos < 100_000_000) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) ((double) (progress.getMax() - progress.getCurrent()) * nanos / done)));
        }
    }

    void stepTo(long done) {
        bar.stepTo(done);
    }

    void close() {
        bar.close();
        // The library ends the line only if its thread had drawn before: a bar closed at once is not.
        line.close();
    }

    private static boolean utf8(Io io) {
        for (String name : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String value = io.env(name);
            if (value != null && !value.isEmpty()) {
                String lower = value.toLowerCase(java.util.Locale.ROOT);
                return lower.contains("utf-8") || lower.contains("utf8");
            }
        }
        return false;
    }

    /** The width of the terminal on stderr: $COLUMNS when exported, else what the terminal says (an ioctl), else 80. */
    static int columns(Io io) {
        String columns = io.env("COLUMNS");
        if (columns != null) {
            try {
                return Math.max(20, Integer.parseInt(columns.strip()));
            } catch (NumberFormatException ignored) {
                // not a number: ask the terminal
            }
        }
        int width = shmkit.cli.terminal.Terminals.stderrColumns();
        if (width > 0) {
            return Math.max(20, width);
        }
        return 80;
    }

    /** One line on stderr, redrawn from its start; ended with a newline once, when the work ends. */
    private static final class Line implements ProgressBarConsumer {
        private final PrintWriter err;
        private final int width;
        private boolean ended;

        Line(PrintWriter err, int width) {
            this.err = err;
            this.width = width;
        }

        @Override
        public int getMaxRenderedLength() {
            return width - 1;
        }

        @Override
        public synchronized void accept(String rendered) {
            err.print('\r');
            err.print(rendered);
            err.flush();
        }

        @Override
        public synchronized void close() {
            if (!ended) {
                ended = true;
                err.println();
                err.flush();
            }
        }
    }
}
