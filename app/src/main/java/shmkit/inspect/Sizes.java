package shmkit.inspect;

/** Byte counts for people, the way {@code ls -lh} shows them: 100, 4.0K, 12K, 1.0M (powers of 1024, rounded up). */
public final class Sizes {
    private static final String UNITS = "KMGTPE";

    private Sizes() {}

    public static String human(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1024) {
            return Long.toString(bytes);
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length() - 1) {
            value /= 1024;
            unit++;
        }
        // Rounded up like ls, so a size is never shown smaller than it is.
        double tenths = Math.ceil(value * 10 - 1e-9) / 10;
        if (tenths >= 1024 && unit < UNITS.length() - 1) {
            tenths = 1;
            unit++;
        }
        String number = tenths < 10 ? Printable.oneDecimal(tenths)
                : Long.toString((long) Math.ceil(tenths - 1e-9));
        return number + UNITS.charAt(unit);
    }

    /** "1.0M (1048576 bytes)". */
    public static String both(long bytes) {
        return bytes < 1024 ? bytes + (bytes == 1 ? " byte" : " bytes") : human(bytes) + " (" + bytes + " bytes)";
    }
}
