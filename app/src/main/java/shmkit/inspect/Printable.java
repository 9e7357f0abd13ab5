package shmkit.inspect;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import shmkit.text.SafeText;

/**
 * Times and numbers formatted for one line of a terminal, by hand (String.format costs tens of
 * milliseconds on first use). Names and command lines go through {@link shmkit.text.SafeText#line}.
 */
public final class Printable {
    private Printable() {}

    /** "2026-11-22 00:09" in local time. */
    public static String minute(Instant time, ZoneId zone) {
        return minute(time, zone.getRules());
    }

    /** "2026-11-22 00:09" in the time of {@code zone} (LocalZone.rules(): the local one). */
    public static String minute(Instant time, ZoneRules zone) {
        return minute(local(time, zone)).toString();
    }

    /** "2026-11-22 00:09:42 +0100" in local time. */
    public static String second(Instant time, ZoneId zone) {
        return second(time, zone.getRules());
    }

    /** "2026-11-22 00:09:42 +0100" in the time of {@code zone}. */
    public static String second(Instant time, ZoneRules zone) {
        ZoneOffset offset = zone.getOffset(time);
        int minutes = offset.getTotalSeconds() / 60;
        StringBuilder out = minute(local(time, zone)).append(':');
        zeros(out, local(time, zone).getSecond(), 2).append(' ').append(minutes < 0 ? '-' : '+');
        return zeros(zeros(out, Math.abs(minutes) / 60, 2), Math.abs(minutes) % 60, 2).toString();
    }

    /**
     * The instant as Instant.toString() writes it ("2026-11-22T00:09:42.5Z": UTC, the fraction in
     * groups of three digits, none when zero), by hand: Instant.toString() goes through
     * DateTimeFormatter, whose set-up costs a cold run ~0.1 s (list --json, info --json).
     */
    public static String utc(Instant time) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return time.toString();
        }
        StringBuilder out = new StringBuilder(30);
        zeros(out, t.getYear(), 4).append('-');
        zeros(out, t.getMonthValue(), 2).append('-');
        zeros(out, t.getDayOfMonth(), 2).append('T');
        zeros(out, t.getHour(), 2).append(':');
        zeros(out, t.getMinute(), 2).append(':');
        zeros(out, t.getSecond(), 2);
        int nano = time.getNano();
        if (nano > 0) {
            out.append('.');
            if (nano % 1_000_000 == 0) {
                zeros(out, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                zeros(out, nano / 1000, 6);
            } else {
                zeros(out, nano, 9);
            }
        }
        return out.append('Z').toString();
    }

    private static LocalDateTime local(Instant time, ZoneRules zone) {
        return LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, zone.getOffset(time));
    }

    // Formatted by hand: String.format costs tens of milliseconds on first use, and list is one short run.
    private static StringBuilder minute(LocalDateTime t) {
        StringBuilder out = new StringBuilder(16);
        zeros(out, t.getYear(), 4).append('-');
        zeros(out, t.getMonthValue(), 2).append('-');
        zeros(out, t.getDayOfMonth(), 2).append(' ');
        zeros(out, t.getHour(), 2).append(':');
        return zeros(out, t.getMinute(), 2);
    }

    /** {@code value} in decimal, zero-padded to {@code width}. */
    static StringBuilder zeros(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }

    /** {@code value} in lower-case hex, zero-padded to {@code width}. */
    static String hex(long value, int width) {
        String digits = Long.toHexString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    /** {@code s} padded with spaces on the right to {@code width}. */
    static String left(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** "12.3": one decimal, rounded half up. */
    static String oneDecimal(double value) {
        long tenths = Math.round(value * 10);
        return tenths / 10 + "." + tenths % 10;
    }
}
