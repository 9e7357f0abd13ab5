package shmkit.inspect;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import shmkit.text.SafeText;

/**
 * Names, command lines and times made fit for one line of a terminal: a file name may hold an
 * escape sequence or a newline, and neither may reach the terminal or split a row of a table.
 */
public final class Printable {
    private Printable() {}

    /** Control characters and bytes that are not text shown escaped (\n, \t, \x1b, ...), the rest as is. */
    public static String oneLine(String s) {
        boolean plain = true;
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c >= 0x20 && c < 0x7f;
        }
        if (plain) {
            return s;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        SafeText safe = new SafeText();
        safe.append(bytes, 0, bytes.length, out);
        safe.finish(out);
        return out.toString().replace("\n", "\\n").replace("\t", "\\t");
    }

    /** "2026-11-22 00:09" in local time. */
    public static String minute(Instant time, ZoneId zone) {
        ZonedDateTime t = time.atZone(zone);
        return String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute());
    }

    /** "2026-11-22 00:09:42 +0100" in local time. */
    public static String second(Instant time, ZoneId zone) {
        ZonedDateTime t = time.atZone(zone);
        int offset = t.getOffset().getTotalSeconds() / 60;
        return String.format(Locale.ROOT, "%s:%02d %s%02d%02d", minute(time, zone), t.getSecond(),
                offset < 0 ? "-" : "+", Math.abs(offset) / 60, Math.abs(offset) % 60);
    }
}
