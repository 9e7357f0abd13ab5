package shmkit.cli;

import java.nio.charset.StandardCharsets;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A byte value: 0-255 in decimal or 0x hex; one character that is not a digit ('a' is 0x61); or any
 * one character in quotes, as in C, for the digits above all ({@code "'1'"} is 0x31, where 1 is 0x01).
 */
final class ByteConverter implements ITypeConverter<Byte> {
    @Override
    public Byte convert(String value) {
        if (value.length() >= 3 && (value.charAt(0) == '\'' || value.charAt(0) == '"')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            return character(value, value.substring(1, value.length() - 1));
        }
        if (value.codePointCount(0, value.length()) == 1 && !Character.isDigit(value.codePointAt(0))) {
            return character(value, value);
        }
        long number;
        try {
            number = value.startsWith("0x") || value.startsWith("0X")
                    ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a byte (0-255, 0x00-0xff, one character such as a, "
                    + "or a quoted one such as \"'1'\")");
        }
        if (number < 0 || number > 255) {
            throw new TypeConversionException("'" + value + "' does not fit in a byte (0-255)");
        }
        return (byte) number;
    }

    private static byte character(String value, String character) {
        if (character.codePointCount(0, character.length()) != 1) {
            throw new TypeConversionException("'" + value + "' is not one character in quotes (such as \"'1'\")");
        }
        byte[] utf8 = character.getBytes(StandardCharsets.UTF_8);
        if (utf8.length != 1) {
            throw new TypeConversionException("'" + value + "' is " + utf8.length
                    + " bytes in UTF-8, not one byte; give a number 0-255 or an ASCII character");
        }
        return utf8[0];
    }
}
