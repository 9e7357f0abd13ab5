package shmkit.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations: a number with a unit, {@code 250us}, {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h},
 * decimals allowed ({@code 1.5s}); a bare number is seconds, as for sleep(1) and timeout(1).
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        return parse(value, true);
    }

    /**
     * @param fast whether to try plain longs first: BigDecimal's class set-up alone costs a cold run
     *             ~15 ms (watch --timeout, --interval); the exact path below decides whatever longs cannot
     */
    static Duration parse(String value, boolean fast) {
        String s = value.strip().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < s.length() && (s.charAt(end) >= '0' && s.charAt(end) <= '9' || s.charAt(end) == '.')) {
            end++;
        }
        if (s.startsWith("-")) {
            throw new TypeConversionException("'" + value + "' is negative; a duration is 0 or more");
        }
        String digits = s.substring(0, end);
        long nanosPerUnit = switch (s.substring(end).strip()) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "", "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> -1L;
        };
        long nanos = fast && nanosPerUnit > 0 ? nanosInLongs(digits, nanosPerUnit) : -1;
        if (nanos >= 0) {
            return Duration.ofNanos(nanos);
        }
        BigDecimal number;
        try {
            number = new BigDecimal(digits);
        } catch (NumberFormatException e) {
            throw notADuration(value);
        }
        if (nanosPerUnit < 0) {
            throw notADuration(value);
        }
        try {
            return Duration.ofNanos(number.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
        } catch (ArithmeticException e) {
            BigDecimal total = number.multiply(BigDecimal.valueOf(nanosPerUnit));
            if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw new TypeConversionException("'" + value + "' is too long (the limit is about 292 years)");
            }
            throw new TypeConversionException("'" + value + "' is finer than a nanosecond");
        }
    }

    /** DIGITS[.DIGITS] times the unit, exactly, in longs; -1 when only the exact path can tell (or refuse). */
    private static long nanosInLongs(String digits, long unit) {
        int dot = digits.indexOf('.');
        String whole = dot < 0 ? digits : digits.substring(0, dot);
        String fraction = dot < 0 ? "" : digits.substring(dot + 1);
        if (whole.isEmpty() && fraction.isEmpty() || fraction.indexOf('.') >= 0 || whole.length() > 18
                || fraction.length() > 18) {
            return -1;
        }
        try {
            long nanos = Math.multiplyExact(whole.isEmpty() ? 0 : Long.parseLong(whole), unit);
            if (!fraction.isEmpty()) {
                long scale = 1;
                for (int i = 0; i < fraction.length(); i++) {
                    scale *= 10;
                }
                long part = Math.multiplyExact(Long.parseLong(fraction), unit);
                if (part % scale != 0) {
                    return -1; // finer than a nanosecond: the exact path says so
                }
                nanos = Math.addExact(nanos, part / scale);
            }
            return nanos;
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static TypeConversionException notADuration(String value) {
        return new TypeConversionException("'" + value + "' is not a duration (500ms, 10s, 2m, 1h, 250us; "
                + "a bare number is seconds)");
    }
}
