package shmkit.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Sizes and offsets: decimal, {@code 0x} hex, and the binary units K/KiB, M/MiB, G/GiB, T/TiB (all
 * powers of 1024, any case). "KB" is refused as ambiguous rather than guessed.
 */
public final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return parse(value);
    }

    /**
     * An offset that may count back from the end: {@code -16}, {@code -0x10} and {@code -4K} are
     * negative (the caller resolves them against the size); anything else as {@link #parse}.
     */
    public static final class FromEnd implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String s = value.strip();
            if (s.startsWith("-")) {
                long n = parse(s.substring(1));
                if (n == 0) {
                    throw new TypeConversionException("'" + value + "' counts back no bytes from the end; give -1 or more, "
                            + "or 0 for the start");
                }
                return -n;
            }
            return parse(value);
        }
    }

    public static long parse(String value) {
        String s = value.strip();
        if (s.isEmpty()) {
            throw new TypeConversionException("'' is not a size");
        }
        if (s.startsWith("-")) {
            throw new TypeConversionException("'" + value + "' is negative; sizes and offsets start at 0");
        }
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.length() > 2 && (s.startsWith("0x") || s.startsWith("0X"))) {
            String digits = s.substring(2);
            if (!digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw notASize(value);
            }
            try {
                return Long.parseLong(digits, 16);
            } catch (NumberFormatException e) {
                return tooLarge(value);
            }
        }
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end)) && s.charAt(end) < 128) {
            end++;
        }
        if (end == 0) {
            throw notASize(value);
        }
        long number;
        try {
            number = Long.parseLong(s.substring(0, end));
        } catch (NumberFormatException e) {
            return tooLarge(value);
        }
        long unit = unit(value, s.substring(end).strip());
        try {
            return Math.multiplyExact(number, unit);
        } catch (ArithmeticException e) {
            return tooLarge(value);
        }
    }

    private static long unit(String value, String unit) {
        return switch (unit.toLowerCase(java.util.Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k", "kib" -> 1L << 10;
            case "m", "mib" -> 1L << 20;
            case "g", "gib" -> 1L << 30;
            case "t", "tib" -> 1L << 40;
            case "kb", "mb", "gb", "tb" -> throw new TypeConversionException("'" + value + "': unit '" + unit
                    + "' is ambiguous; use " + unit.charAt(0) + " or " + unit.toUpperCase(java.util.Locale.ROOT).charAt(0)
                    + "iB (powers of 1024)");
            default -> throw notASize(value);
        };
    }

    private static TypeConversionException notASize(String value) {
        return new TypeConversionException("'" + value + "' is not a size (a number, 0x.., or with a unit: 4K, 1MiB, 2G)");
    }

    private static long tooLarge(String value) {
        throw new TypeConversionException("'" + value + "' is too large (the limit is " + Long.MAX_VALUE + " bytes)");
    }
}
