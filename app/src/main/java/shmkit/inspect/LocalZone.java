package shmkit.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The local time zone's rules, read the way ls and date read them: from the zone file the C library
 * uses (TZ, else /etc/localtime), in the TZif format. ZoneId.systemDefault() gives the same answer
 * from the JDK's own database, but parses all of it first: 30-60 ms of a cold start, more than list's
 * whole scan of /proc. Whatever this class cannot read with certainty (no file, a TZ rule string,
 * leap seconds, a file whose transitions end before a rule takes over) goes to the JDK instead.
 */
public final class LocalZone {
    private static final Path ZONEINFO = Path.of("/usr/share/zoneinfo");
    private static final int HEADER = 44;
    private static final int MAX_FILE = 1 << 16;

    private LocalZone() {}

    /** The rules of this process's local time zone. */
    public static ZoneRules rules() {
        ZoneRules rules = null;
        String property = System.getProperty("user.timezone");
        if (property == null || property.isEmpty()) {
            Path file = zoneFile(System.getenv("TZ"), System.getenv("TZDIR"));
            rules = file == null ? null : read(file, System.currentTimeMillis() / 1000);
        }
        return rules != null ? rules : ZoneId.systemDefault().getRules();
    }

    /**
     * The zone file TZ names, as the C library finds it: unset means /etc/localtime, empty means UTC
     * (null here: the JDK says so too), ":Area/City" or "Area/City" a file under TZDIR or the zone
     * folder, an absolute path that file. Null for anything else (a rule string such as EST5EDT).
     */
    static Path zoneFile(String tz, String tzdir) {
        if (tz == null) {
            return Path.of("/etc/localtime");
        }
        String name = tz.startsWith(":") ? tz.substring(1) : tz;
        if (name.isEmpty() || name.contains("..") || name.indexOf(',') >= 0 || name.indexOf('\0') >= 0) {
            return null;
        }
        try {
            if (name.startsWith("/")) {
                return Path.of(name);
            }
            return (tzdir != null && tzdir.startsWith("/") ? Path.of(tzdir) : ZONEINFO).resolve(name);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** The rules in a TZif file, good for instants up to a year past {@code now}; null when not sure. */
    static ZoneRules read(Path file, long now) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE) {
                return null;
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            return null;
        }
        try {
            return parse(ByteBuffer.wrap(bytes), now);
        } catch (RuntimeException e) {
            return null; // a damaged or unknown file: the JDK's database decides
        }
    }

    /** RFC 8536; null when the file needs what this reader leaves to the JDK. */
    static ZoneRules parse(ByteBuffer in, long now) {
        if (in.remaining() < HEADER || in.getInt(0) != 0x545a6966) { // "TZif"
            return null;
        }
        int version = in.get(4);
        int[] counts = counts(in, 0);
        int wide = 4;
        int start = HEADER;
        if (version >= '2') {
            // Skip the 32-bit block; the 64-bit one follows with its own header.
            start = HEADER + blockSize(counts, 4);
            if (in.remaining() < start + HEADER || in.getInt(start) != 0x545a6966) {
                return null;
            }
            counts = counts(in, start);
            start += HEADER;
            wide = 8;
        }
        int leap = counts[2];
        int times = counts[3];
        int types = counts[4];
        if (leap != 0 || types == 0 || times > 4096 || types > 256) {
            return null;
        }
        int end = start + blockSize(counts, wide);
        if (in.remaining() < end) {
            return null;
        }
        long[] at = new long[times];
        int p = start;
        for (int i = 0; i < times; i++, p += wide) {
            at[i] = wide == 8 ? in.getLong(p) : in.getInt(p);
        }
        int[] index = new int[times];
        for (int i = 0; i < times; i++) {
            index[i] = in.get(p++) & 0xff;
            if (index[i] >= types) {
                return null;
            }
        }
        int[] offset = new int[types];
        for (int t = 0; t < types; t++, p += 6) {
            offset[t] = in.getInt(p);
        }
        String footer = version >= '2' ? footer(in, end) : "";
        if (footer == null) {
            return null;
        }
        // A footer with a comma holds daylight-saving rules for the time after the last transition,
        // which this reader does not evaluate: fine while the file's own transitions reach past now.
        boolean ruleTakesOver = footer.indexOf(',') >= 0;
        if (ruleTakesOver && (times == 0 || at[times - 1] < now + 366L * 86400)) {
            return null;
        }
        ZoneOffset first = ZoneOffset.ofTotalSeconds(offset[0]);
        if (times == 0) {
            return ZoneRules.of(first);
        }
        List<ZoneOffsetTransition> transitions = new ArrayList<>(times);
        ZoneOffset before = first;
        for (int i = 0; i < times; i++) {
            ZoneOffset after = ZoneOffset.ofTotalSeconds(offset[index[i]]);
            if (!after.equals(before)) {
                transitions.add(ZoneOffsetTransition.of(LocalDateTime.ofEpochSecond(at[i], 0, before), before, after));
                before = after;
            }
        }
        return ZoneRules.of(first, first, List.of(), transitions, List.of());
    }

    private static int[] counts(ByteBuffer in, int at) {
        int[] counts = new int[6];
        for (int i = 0; i < 6; i++) {
            counts[i] = in.getInt(at + 20 + 4 * i);
            if (counts[i] < 0 || counts[i] > MAX_FILE) {
                throw new IllegalArgumentException("count " + counts[i]);
            }
        }
        return counts;
    }

    /** The data block's size after a header: times, their type indexes, types, names, leap records, two flag lists. */
    private static int blockSize(int[] c, int wide) {
        return c[3] * wide + c[3] + c[4] * 6 + c[5] + c[2] * (wide + 4) + c[1] + c[0];
    }

    /** The TZ string between the newlines after the 64-bit block; null when it is not there. */
    private static String footer(ByteBuffer in, int at) {
        if (in.limit() <= at || in.get(at) != '\n') {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = at + 1; i < in.limit(); i++) {
            byte b = in.get(i);
            if (b == '\n') {
                return out.toString();
            }
            out.append((char) (b & 0xff));
        }
        return null;
    }
}
