package shmkit.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A byte value: 0-255 in decimal or 0x hex, or one character that is not a digit ('a' is 0x61). */
final class ByteConverter implements ITypeConverter<Byte> {
    @Override
    public Byte convert(String value) {
        if (value.codePointCount(0, value.length()) == 1 && !Character.isDigit(value.codePointAt(0))) {
            byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (utf8.length != 1) {
                throw new TypeConversionException("'" + value + "' is " + utf8.length
                        + " bytes in UTF-8, not one byte; give a number 0-255 or an ASCII character");
            }
            return utf8[0];
        }
        long number;
        try {
            number = value.startsWith("0x") || value.startsWith("0X")
                    ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a byte (0-255, 0x00-0xff, or one character such as a)");
        }
        if (number < 0 || number > 255) {
            throw new TypeConversionException("'" + value + "' does not fit in a byte (0-255)");
        }
        return (byte) number;
    }
}
