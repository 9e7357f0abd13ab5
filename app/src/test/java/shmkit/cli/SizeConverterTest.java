package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class SizeConverterTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0", "100, 100", "0x1000, 4096", "0X1f, 31", "4K, 4096", "4k, 4096", "4KiB, 4096", "4kib, 4096",
        "1M, 1048576", "1MiB, 1048576", "2G, 2147483648", "2GiB, 2147483648", "1T, 1099511627776",
        "'  7 ', 7", "+5, 5", "10B, 10", "9223372036854775807, 9223372036854775807"})
    void reads_numbers_hex_and_binary_units(String text, long expected) {
        assertEquals(expected, SizeConverter.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1Q", "-5", "0x", "0xzz", "4 K B", "1.5K", "K", "٣"})
    void refuses_what_is_not_a_size_and_names_the_value(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> SizeConverter.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "99999999999999999999", "8589934592G", "0x10000000000000000"})
    void refuses_sizes_that_overflow(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> SizeConverter.parse(text));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"4KB", "1MB", "2gb"})
    void refuses_decimal_looking_units_as_ambiguous(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> SizeConverter.parse(text));
        assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
    }
}
