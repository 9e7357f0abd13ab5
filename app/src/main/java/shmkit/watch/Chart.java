package shmkit.watch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A number over time, drawn in braille characters (2 x 4 dots a character) for watch --plot: time
 * runs left to right, the newest at the right edge, and each column of dots spans the lowest to the
 * highest value of its time (so a value that jumps draws a vertical line, and one that flickers
 * faster than a column a band). The value holds between changes, as it does in memory.
 *
 * <p>Time is kept in buckets of {@link #STEP} (10 ms), {@link #CAPACITY} of them (about 11 minutes),
 * each with the lowest, highest and last value seen in it; a column of dots covers {@code zoom}
 * buckets, so zooming in or out redraws the history exactly. Plain Java: it knows no terminal, and
 * tests render it to text.
 */
public final class Chart {
    /** The time a bucket covers. */
    public static final long STEP = 10_000_000;
    static final int CAPACITY = 1 << 16;
    /** A dot column covers this many buckets at first: 100 ms, so an 80-column terminal shows ~14 s. */
    public static final int DEFAULT_ZOOM = 10;
    private static final int[][] DOTS = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};

    private final long origin;
    private final long step;
    private final int capacity;
    private final double[] low;
    private final double[] high;
    private long newest = -1;
    private long oldest = 0;
    private boolean any;
    private double current = Double.NaN;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private long samples;

    /** A chart whose time starts at {@code origin} (System.nanoTime). */
    public Chart(long origin) {
        this(origin, STEP, CAPACITY);
    }

    Chart(long origin, long step, int capacity) {
        this.origin = origin;
        this.step = step;
        this.capacity = capacity;
        this.low = new double[capacity];
        this.high = new double[capacity];
    }

    /** The value from {@code now} on (NaN and infinities are kept as gaps: nothing is drawn for them). */
    public void add(long now, double value) {
        long bucket = advance(now);
        current = value;
        samples++;
        if (!Double.isFinite(value)) {
            return;
        }
        int slot = slot(bucket);
        if (Double.isNaN(low[slot])) {
            low[slot] = value;
            high[slot] = value;
        } else {
            low[slot] = Math.min(low[slot], value);
            high[slot] = Math.max(high[slot], value);
        }
        min = Double.isNaN(min) ? value : Math.min(min, value);
        max = Double.isNaN(max) ? value : Math.max(max, value);
    }

    /** Time passes: the buckets up to {@code now} hold the current value. Returns now's bucket. */
    long advance(long now) {
        long bucket = Math.max(0, (now - origin) / step);
        if (!any) {
            any = true;
            oldest = bucket;
            newest = bucket - 1;
        }
        if (bucket <= newest) {
            return newest;
        }
        long from = Math.max(newest + 1, bucket - capacity + 1);
        double held = Double.isFinite(current) ? current : Double.NaN;
        for (long b = from; b <= bucket; b++) {
            int slot = slot(b);
            low[slot] = held;
            high[slot] = held;
        }
        newest = bucket;
        oldest = Math.max(oldest, newest - capacity + 1);
        return bucket;
    }

    private int slot(long bucket) {
        return (int) Math.floorMod(bucket, (long) capacity);
    }

    /** The last value given; NaN before any. */
    public double last() {
        return current;
    }

    /** The lowest finite value given since the start; NaN before any. */
    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** How many values were given. */
    public long samples() {
        return samples;
    }

    /** The largest zoom that still fits the history kept into {@code columns} characters. */
    public int maxZoom(int columns) {
        return Math.max(1, capacity / Math.max(1, 2 * columns));
    }

    /**
     * The chart as {@code height} lines of at most {@code width} characters: rows of dots with the
     * value scale on the left (the highest and lowest value shown, and the middle), then a line with
     * the time scale ({@code -14 s ... now}).
     *
     * @param zoom how many buckets of {@link #STEP} a column of dots covers
     */
    public List<String> render(int width, int height, long now, int zoom) {
        advance(now);
        int rows = Math.max(1, height - 1);
        int labelWidth = 6;
        double[] lows = null;
        double[] highs = null;
        String top = "";
        String bottom = "";
        String middle = "";
        double lo = Double.NaN;
        double hi = Double.NaN;
        for (int pass = 0; pass < 2; pass++) {
            int columns = Math.max(1, width - labelWidth - 2);
            lows = new double[columns * 2];
            highs = new double[columns * 2];
            lo = Double.NaN;
            hi = Double.NaN;
            for (int c = 0; c < lows.length; c++) {
                long end = newest - (long) (lows.length - 1 - c) * zoom;
                long start = Math.max(oldest, end - zoom + 1);
                lows[c] = Double.NaN;
                highs[c] = Double.NaN;
                for (long b = start; b <= end && any; b++) {
                    double l = low[slot(b)];
                    if (Double.isNaN(l)) {
                        continue;
                    }
                    double h = high[slot(b)];
                    lows[c] = Double.isNaN(lows[c]) ? l : Math.min(lows[c], l);
                    highs[c] = Double.isNaN(highs[c]) ? h : Math.max(highs[c], h);
                }
                if (!Double.isNaN(lows[c])) {
                    lo = Double.isNaN(lo) ? lows[c] : Math.min(lo, lows[c]);
                    hi = Double.isNaN(hi) ? highs[c] : Math.max(hi, highs[c]);
                }
            }
            if (!Double.isNaN(lo) && lo == hi) {
                double pad = lo == 0 ? 1 : Math.abs(lo) * 0.01;
                lo -= pad;
                hi += pad;
            }
            top = Double.isNaN(hi) ? "" : number(hi);
            bottom = Double.isNaN(lo) ? "" : number(lo);
            middle = Double.isNaN(lo) ? "" : number((lo + hi) / 2);
            int needed = Math.max(top.length(), Math.max(bottom.length(), middle.length()));
            if (needed <= labelWidth) {
                break;
            }
            labelWidth = needed;
        }
        int columns = lows.length / 2;
        int dotRows = rows * 4;
        int[][] cells = new int[rows][columns];
        for (int c = 0; c < lows.length; c++) {
            if (Double.isNaN(lows[c])) {
                continue;
            }
            int from = dotRow(highs[c], lo, hi, dotRows);
            int to = dotRow(lows[c], lo, hi, dotRows);
            for (int r = from; r <= to; r++) {
                cells[r / 4][c / 2] |= DOTS[r % 4][c % 2];
            }
        }
        List<String> lines = new ArrayList<>(rows + 1);
        for (int r = 0; r < rows; r++) {
            String label = r == 0 ? top : r == rows - 1 ? bottom : rows >= 5 && r == rows / 2 ? middle : "";
            StringBuilder line = new StringBuilder(width);
            line.append(" ".repeat(labelWidth - label.length())).append(label).append(label.isEmpty() ? " │" : " ┤");
            for (int c = 0; c < columns; c++) {
                line.append(cells[r][c] == 0 ? ' ' : (char) (0x2800 + cells[r][c]));
            }
            lines.add(stripEnd(line));
        }
        String span = "-" + duration((long) lows.length * zoom * step);
        String scale = duration((long) 2 * zoom * step) + " a column";
        StringBuilder axis = new StringBuilder(" ".repeat(labelWidth)).append(" └").append(span);
        int gap = labelWidth + 2 + columns - axis.length() - 3 - scale.length();
        if (gap >= 2) {
            int left = gap / 2;
            axis.append(" ".repeat(left)).append(scale).append(" ".repeat(gap - left));
        } else {
            axis.append(" ".repeat(Math.max(1, labelWidth + 2 + columns - axis.length() - 3)));
        }
        lines.add(axis.append("now").toString());
        return lines;
    }

    private static String stripEnd(StringBuilder line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        return line.substring(0, end);
    }

    /** The dot row (0 at the top) of {@code value} on a scale from lo (the bottom) to hi (the top). */
    private static int dotRow(double value, double lo, double hi, int dotRows) {
        double share = (hi - value) / (hi - lo);
        return (int) Math.clamp(Math.round(share * (dotRows - 1)), 0, dotRows - 1);
    }

    /** A number as the scale and the header show it: integers whole, others to six significant digits. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.6g", value);
        int e = text.indexOf('e');
        String mantissa = e < 0 ? text : text.substring(0, e);
        String exponent = e < 0 ? "" : text.substring(e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + exponent;
    }

    /** A span of time for the scale: 250 ms, 14 s, 1.5 min. */
    static String duration(long nanos) {
        if (nanos < 1_000_000_000L) {
            return nanos / 1_000_000 + " ms";
        }
        if (nanos < 120_000_000_000L) {
            return number(Math.round(nanos / 1e8) / 10.0) + " s";
        }
        return number(Math.round(nanos / 6e9) / 10.0) + " min";
    }

    @Override
    public String toString() {
        return "Chart" + Arrays.asList(min, max, current, samples);
    }
}
