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
        String s = value.strip().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < s.length() && (s.charAt(end) >= '0' && s.charAt(end) <= '9' || s.charAt(end) == '.')) {
            end++;
        }
        if (s.startsWith("-")) {
            throw new TypeConversionException("'" + value + "' is negative; a duration is 0 or more");
        }
        BigDecimal number;
        try {
            number = new BigDecimal(s.substring(0, end));
        } catch (NumberFormatException e) {
            throw notADuration(value);
        }
        long nanosPerUnit = switch (s.substring(end).strip()) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "", "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw notADuration(value);
        };
        try {
            return Duration.ofNanos(number.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
        } catch (ArithmeticException e) {
            BigDecimal nanos = number.multiply(BigDecimal.valueOf(nanosPerUnit));
            if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw new TypeConversionException("'" + value + "' is too long (the limit is about 292 years)");
            }
            throw new TypeConversionException("'" + value + "' is finer than a nanosecond");
        }
    }

    private static TypeConversionException notADuration(String value) {
        return new TypeConversionException("'" + value + "' is not a duration (500ms, 10s, 2m, 1h, 250us; "
                + "a bare number is seconds)");
    }
}
