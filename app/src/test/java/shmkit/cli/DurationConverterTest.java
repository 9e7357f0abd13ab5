package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    @ParameterizedTest
    @CsvSource({"500ms, 500000000", "10s, 10000000000", "2m, 120000000000", "1h, 3600000000000", "250us, 250000",
        "250µs, 250000", "7ns, 7", "1.5s, 1500000000", "3, 3000000000", "0.25, 250000000", "0, 0", "' 2S ', 2000000000"})
    void reads_a_number_with_a_unit_and_a_bare_number_as_seconds(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), DurationConverter.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "ms", "5x", "1.2.3", "-1s", "1e3", "0.5ns", "999999999h"})
    void refuses_what_is_not_a_duration_and_names_the_value(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> DurationConverter.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void the_fast_path_in_longs_agrees_with_the_exact_one() {
        java.util.Random random = new java.util.Random(20);
        String[] units = {"", "s", "ms", "us", "ns", "m", "min", "h", "x"};
        for (int i = 0; i < 3_000; i++) {
            StringBuilder text = new StringBuilder();
            int whole = random.nextInt(4) == 0 ? 0 : random.nextInt(20) + 1;
            for (int d = 0; d < whole; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextBoolean()) {
                text.append('.');
                int fraction = random.nextInt(21);
                for (int d = 0; d < fraction; d++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
            text.append(units[random.nextInt(units.length)]);
            String value = text.toString();
            Object fast;
            Object exact;
            try {
                fast = DurationConverter.parse(value, true);
            } catch (TypeConversionException e) {
                fast = e.getMessage();
            }
            try {
                exact = DurationConverter.parse(value, false);
            } catch (TypeConversionException e) {
                exact = e.getMessage();
            }
            assertEquals(exact, fast, value);
        }
    }
}
