package shmkit.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 250us}; a bare number is seconds. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String s = value.strip().toLowerCase(java.util.Locale.ROOT);
        int end = 0;
        while (end < s.length() && (Character.isDigit(s.charAt(end)) || s.charAt(end) == '.') && s.charAt(end) < 128) {
            end++;
        }
        if (end == 0) {
            throw bad(value);
        }
        double number;
        try {
            number = Double.parseDouble(s.substring(0, end));
        } catch (NumberFormatException e) {
            throw bad(value);
        }
        double nanos = switch (s.substring(end).strip()) {
            case "ns" -> number;
            case "us", "µs" -> number * 1e3;
            case "ms" -> number * 1e6;
            case "", "s" -> number * 1e9;
            case "m", "min" -> number * 60e9;
            case "h" -> number * 3600e9;
            default -> throw bad(value);
        };
        if (nanos > Long.MAX_VALUE / 2.0) {
            throw new TypeConversionException("'" + value + "' is too long a duration");
        }
        return Duration.ofNanos((long) nanos);
    }

    private static TypeConversionException bad(String value) {
        return new TypeConversionException("'" + value + "' is not a duration (such as 500ms, 10s, 2m; a bare number is seconds)");
    }
}
