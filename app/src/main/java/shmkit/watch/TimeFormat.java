package shmkit.watch;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import shmkit.ShmException;
import shmkit.text.Json;
import shmkit.text.SafeText;

/**
 * A watch's --timefmt: how the time of a change is written. Three names, and strftime patterns as
 * inotifywait's --timefmt and date(1) take them:
 *
 * <ul>
 * <li>{@code iso}: the local time in ISO 8601 with microseconds and the offset,
 *     {@code 2025-06-01T14:03:07.123456+02:00} (the default: it sorts, and a reader needs nothing else);</li>
 * <li>{@code epoch}: seconds since 1970 with microseconds, {@code 1748779387.123456} ({@code date +%s.%6N});</li>
 * <li>{@code elapsed}: seconds since the watch started, {@code 12.000347} (as {@code ts -s});</li>
 * <li>a pattern of strftime(3)'s conversions in the C locale ({@code %Y %m %d %H %M %S %F %T %j %a %b %s %z
 *     %Z ...}), plus {@code %f} for microseconds (Python's strftime) and {@code %N} / {@code %3N} / {@code %6N}
 *     for nanoseconds, milliseconds and microseconds (GNU date's).</li>
 * </ul>
 *
 * In JSON, epoch and elapsed are numbers and every other format a string. Names of days and months
 * are the C locale's. %Z is the zone's abbreviation as it is now (Java keeps no names of long ago:
 * date(1) says AEST for Lord Howe in 1970, shm +10), and one without letters shows as the C library
 * shows it ({@code -03}, {@code +0545}). TimeFormatTest checks every conversion against date(1). The time of day is cut per second, so a line costs one lookup of its zone rules a second.
 */
public final class TimeFormat {
    /** The format of --timestamps without --timefmt. */
    public static final String DEFAULT = "iso";
    /** What the help says --timefmt takes. */
    public static final String NAMES = "iso (the default), epoch, elapsed, or a strftime pattern";

    private enum Kind { PATTERN, EPOCH, ELAPSED }

    /** %:z among the parsed conversions: a character no pattern can hold (control characters are refused). */
    private static final char COLON_OFFSET = 1;

    private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"};

    private final Kind kind;
    /** The pattern as parts: a String is literal text, a Character a conversion ('N' with its width in {@link #widths}). */
    private final Object[] parts;
    private final int[] widths;
    private final ZoneId zone;
    private long cachedSecond = Long.MIN_VALUE;
    private ZonedDateTime cached;

    private TimeFormat(Kind kind, Object[] parts, int[] widths, ZoneId zone) {
        this.kind = kind;
        this.parts = parts;
        this.widths = widths;
        this.zone = zone;
    }

    /**
     * Reads a --timefmt; a usage error names what it cannot take.
     *
     * @param zone the zone local times are in (TZ, else the system's); only asked for when the format shows one
     */
    public static TimeFormat parse(String spec, java.util.function.Supplier<ZoneId> zone) {
        switch (spec) {
            case "epoch" -> {
                return new TimeFormat(Kind.EPOCH, null, null, null);
            }
            case "elapsed" -> {
                return new TimeFormat(Kind.ELAPSED, null, null, null);
            }
            case "iso" -> {
                return parse("%Y-%m-%dT%H:%M:%S.%f%:z", zone);
            }
            default -> {
                // handled below
            }
        }
        if (spec.indexOf('%') < 0) {
            throw ShmException.usage("--timefmt " + SafeText.quote(spec) + " is not a time format: give " + NAMES
                    + " such as '%H:%M:%S.%f'");
        }
        List<Object> parts = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw ShmException.usage("--timefmt " + SafeText.quote(spec) + " has a control character; a timestamp stays on its line");
            }
            if (c != '%') {
                literal.append(c);
                continue;
            }
            if (i + 1 >= spec.length()) {
                throw ShmException.usage("--timefmt " + SafeText.quote(spec) + " ends with a lone %; write %% for a percent sign");
            }
            char next = spec.charAt(++i);
            int width = 9;
            boolean colon = false;
            if (next >= '1' && next <= '9' && i + 1 < spec.length() && spec.charAt(i + 1) == 'N') {
                width = next - '0';
                next = spec.charAt(++i);
            } else if (next == ':' && i + 1 < spec.length() && spec.charAt(i + 1) == 'z') {
                next = spec.charAt(++i);
                colon = true;
            }
            if (next == '%') {
                literal.append('%');
                continue;
            }
            if (!colon && "aAbBcCdDeFfgGhHIjklmMNpPrRsSTuUVwWxXyYzZ".indexOf(next) < 0) {
                throw ShmException.usage("--timefmt " + SafeText.quote(spec) + ": %" + SafeText.line(String.valueOf(next))
                        + " is not a conversion shm knows (%Y %m %d %H %M %S %F %T %f %N %s %z %Z %a %b %j ...; "
                        + "%n and %t would break the line)");
            }
            if (!literal.isEmpty()) {
                parts.add(literal.toString());
                widths.add(0);
                literal.setLength(0);
            }
            parts.add(colon ? COLON_OFFSET : next);
            widths.add(width);
        }
        if (!literal.isEmpty()) {
            parts.add(literal.toString());
            widths.add(0);
        }
        int[] w = new int[widths.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = widths.get(i);
        }
        return new TimeFormat(Kind.PATTERN, parts.toArray(), w, zone.get());
    }

    /** Whether JSON shows it as a number (epoch, elapsed) rather than a string. */
    public boolean numeric() {
        return kind != Kind.PATTERN;
    }

    /**
     * The time as text.
     *
     * @param epochNanos the wall-clock time, in nanoseconds since 1970
     * @param elapsed    nanoseconds since the watch started
     */
    public String format(long epochNanos, long elapsed) {
        StringBuilder out = new StringBuilder(32);
        switch (kind) {
            case EPOCH -> seconds(out, epochNanos);
            case ELAPSED -> seconds(out, elapsed);
            default -> pattern(out, epochNanos);
        }
        return out.toString();
    }

    /** The time as a JSON value: a number for epoch and elapsed, else a string. */
    public void json(Json json, long epochNanos, long elapsed) {
        String text = format(epochNanos, elapsed);
        if (numeric()) {
            json.rawValue(text);
        } else {
            json.value(text);
        }
    }

    private static void seconds(StringBuilder out, long nanos) {
        long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        long micros = Math.floorMod(nanos, 1_000_000_000L) / 1000;
        out.append(seconds).append('.');
        pad(out, micros, 6, '0');
    }

    private void pattern(StringBuilder out, long epochNanos) {
        long second = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        if (second != cachedSecond) {
            cached = Instant.ofEpochSecond(second).atZone(zone);
            cachedSecond = second;
        }
        ZonedDateTime t = cached;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] instanceof String literal) {
                out.append(literal);
            } else {
                convert(out, (Character) parts[i], widths[i], t, second, nanos);
            }
        }
    }

    private void convert(StringBuilder out, char c, int width, ZonedDateTime t, long second, int nanos) {
        switch (c) {
            case 'a' -> out.append(DAYS[t.getDayOfWeek().getValue() - 1], 0, 3);
            case 'A' -> out.append(DAYS[t.getDayOfWeek().getValue() - 1]);
            case 'b', 'h' -> out.append(MONTHS[t.getMonthValue() - 1], 0, 3);
            case 'B' -> out.append(MONTHS[t.getMonthValue() - 1]);
            case 'c' -> {
                convert(out, 'a', 0, t, second, nanos);
                out.append(' ');
                convert(out, 'b', 0, t, second, nanos);
                out.append(' ');
                convert(out, 'e', 0, t, second, nanos);
                out.append(' ');
                convert(out, 'T', 0, t, second, nanos);
                out.append(' ').append(t.getYear());
            }
            case 'C' -> pad(out, Math.floorDiv(t.getYear(), 100), 2, '0');
            case 'd' -> pad(out, t.getDayOfMonth(), 2, '0');
            case 'D', 'x' -> {
                pad(out, t.getMonthValue(), 2, '0');
                out.append('/');
                pad(out, t.getDayOfMonth(), 2, '0');
                out.append('/');
                pad(out, Math.floorMod(t.getYear(), 100), 2, '0');
            }
            case 'e' -> pad(out, t.getDayOfMonth(), 2, ' ');
            case 'F' -> {
                out.append(t.getYear()).append('-');
                pad(out, t.getMonthValue(), 2, '0');
                out.append('-');
                pad(out, t.getDayOfMonth(), 2, '0');
            }
            case 'f' -> pad(out, nanos / 1000, 6, '0');
            case 'g' -> pad(out, Math.floorMod(t.get(IsoFields.WEEK_BASED_YEAR), 100), 2, '0');
            case 'G' -> out.append(t.get(IsoFields.WEEK_BASED_YEAR));
            case 'H' -> pad(out, t.getHour(), 2, '0');
            case 'I' -> pad(out, hour12(t), 2, '0');
            case 'j' -> pad(out, t.getDayOfYear(), 3, '0');
            case 'k' -> pad(out, t.getHour(), 2, ' ');
            case 'l' -> pad(out, hour12(t), 2, ' ');
            case 'm' -> pad(out, t.getMonthValue(), 2, '0');
            case 'M' -> pad(out, t.getMinute(), 2, '0');
            case 'N' -> {
                String digits = Integer.toString(nanos);
                for (int i = digits.length(); i < 9; i++) {
                    digits = "0" + digits;
                }
                out.append(digits, 0, width);
            }
            case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
            case 'P' -> out.append(t.getHour() < 12 ? "am" : "pm");
            case 'r' -> {
                pad(out, hour12(t), 2, '0');
                out.append(':');
                pad(out, t.getMinute(), 2, '0');
                out.append(':');
                pad(out, t.getSecond(), 2, '0');
                out.append(' ').append(t.getHour() < 12 ? "AM" : "PM");
            }
            case 'R' -> {
                pad(out, t.getHour(), 2, '0');
                out.append(':');
                pad(out, t.getMinute(), 2, '0');
            }
            case 's' -> out.append(second);
            case 'S' -> pad(out, t.getSecond(), 2, '0');
            case 'T', 'X' -> {
                pad(out, t.getHour(), 2, '0');
                out.append(':');
                pad(out, t.getMinute(), 2, '0');
                out.append(':');
                pad(out, t.getSecond(), 2, '0');
            }
            case 'u' -> out.append(t.getDayOfWeek().getValue());
            case 'U' -> pad(out, (t.getDayOfYear() + 6 - t.getDayOfWeek().getValue() % 7) / 7, 2, '0');
            case 'V' -> pad(out, t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, '0');
            case 'w' -> out.append(t.getDayOfWeek().getValue() % 7);
            case 'W' -> pad(out, (t.getDayOfYear() + 6 - (t.getDayOfWeek().getValue() + 6) % 7) / 7, 2, '0');
            case 'y' -> pad(out, Math.floorMod(t.getYear(), 100), 2, '0');
            case 'Y' -> out.append(t.getYear());
            case 'z', COLON_OFFSET -> offset(out, t.getOffset().getTotalSeconds(), c == COLON_OFFSET);
            case 'Z' -> out.append(abbreviation(t));
            default -> throw new IllegalStateException("conversion %" + c);
        }
    }

    private static int hour12(ZonedDateTime t) {
        int h = t.getHour() % 12;
        return h == 0 ? 12 : h;
    }

    private static void offset(StringBuilder out, int seconds, boolean colon) {
        out.append(seconds < 0 ? '-' : '+');
        int minutes = Math.abs(seconds) / 60;
        pad(out, minutes / 60, 2, '0');
        if (colon) {
            out.append(':');
        }
        pad(out, minutes % 60, 2, '0');
    }

    /**
     * The zone's abbreviation as the C library shows it: CET, EDT, UTC; a zone the time-zone database
     * has no letters for shows its offset, -03 or +0530 (Java's names say GMT-03:00 there).
     */
    private static String abbreviation(ZonedDateTime t) {
        boolean daylight = t.getZone().getRules().isDaylightSavings(t.toInstant());
        String name = TimeZone.getTimeZone(t.getZone()).getDisplayName(daylight, TimeZone.SHORT, Locale.US);
        if (!name.startsWith("GMT") || name.length() == 3) {
            return name;
        }
        int seconds = t.getOffset().getTotalSeconds();
        StringBuilder out = new StringBuilder(5);
        out.append(seconds < 0 ? '-' : '+');
        int minutes = Math.abs(seconds) / 60;
        pad(out, minutes / 60, 2, '0');
        if (minutes % 60 != 0) {
            pad(out, minutes % 60, 2, '0');
        }
        return out.toString();
    }

    private static void pad(StringBuilder out, long value, int width, char fill) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append(fill);
        }
        out.append(digits);
    }
}
