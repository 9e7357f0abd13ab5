package shmkit.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import shmkit.ShmException;
import shmkit.text.Json;

/** --timefmt against the real strftime: GNU date(1), with the same TZ and the C locale. */
class TimeFormatTest {
    /** Every conversion shm takes, in one pattern (date's own, %f aside). */
    private static final String ALL = "%a|%A|%b|%B|%c|%C|%d|%D|%e|%F|%g|%G|%h|%H|%I|%j|%k|%l|%m|%M|%N|%3N|%6N|%p|%P|%r"
            + "|%R|%s|%S|%T|%u|%U|%V|%w|%W|%x|%X|%y|%Y|%z|%:z|%%|100%% at %H";

    private static String date(String zone, long epochNanos, String format) {
        String at = "@" + Math.floorDiv(epochNanos, 1_000_000_000L) + "." + String.format("%09d", Math.floorMod(epochNanos, 1_000_000_000L));
        ProcessBuilder builder = new ProcessBuilder("date", "-d", at, "+" + format).redirectErrorStream(true);
        builder.environment().putAll(Map.of("TZ", zone, "LC_ALL", "C"));
        try {
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0, out);
            return out.stripTrailing();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static TimeFormat format(String spec, String zone) {
        return TimeFormat.parse(spec, () -> ZoneId.of(zone));
    }

    @Test
    void every_conversion_reads_as_date_prints_it_in_zones_with_and_without_abbreviations() {
        Random random = new Random(18);
        List<String> zones = List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "America/Sao_Paulo",
                "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham");
        List<Long> instants = new ArrayList<>(List.of(0L, 1_735_689_599_999_999_999L, 1_735_689_600_000_000_000L,
                1_711_846_800_000_000_000L, 1_230_768_000_500_000_000L)); // year ends, a DST switch, a leap-second eve
        for (int i = 0; i < 12; i++) {
            instants.add((long) (random.nextDouble() * 4_102_444_800L) * 1_000_000_000L + random.nextInt(1_000_000_000));
        }
        for (String zone : zones) {
            TimeFormat all = format(ALL, zone);
            TimeFormat iso = format("iso", zone);
            TimeFormat abbreviation = format("%Z", zone);
            for (long t : instants) {
                // %Z as the zone names itself now: Java keeps no zone's names of long ago (Lord Howe was AEST in 1970)
                boolean recent = t >= 946_684_800_000_000_000L;
                String expected = date(zone, t, ALL + "#%Y-%m-%dT%H:%M:%S.%6N%:z" + (recent ? "#%Z" : ""));
                assertEquals(expected, all.format(t, 0) + "#" + iso.format(t, 0) + (recent ? "#" + abbreviation.format(t, 0) : ""),
                        zone + " at " + t);
            }
        }
    }

    @Test
    void epoch_and_elapsed_are_seconds_with_microseconds_and_numbers_in_json() {
        TimeFormat epoch = format("epoch", "UTC");
        assertEquals(date("UTC", 1_748_779_387_123_456_789L, "%s.%6N"), epoch.format(1_748_779_387_123_456_789L, 0));
        assertEquals("0.000001", format("elapsed", "UTC").format(99, 1_999));
        assertEquals("3723.500000", format("elapsed", "UTC").format(99, 3_723_500_000_000L));
        Json json = new Json(new StringBuilder()).beginArray();
        epoch.json(json, 1_500_000_000L, 0);
        format("%s", "UTC").json(json, 1_500_000_000L, 0);
        assertEquals("[1.500000,\"1\"]", json.endArray().toString());
        assertEquals("14:03:07.123456", format("%T.%f", "UTC").format(1_748_786_587_123_456_789L, 0), "%f is Python's microseconds");
    }

    @Test
    void formats_it_cannot_take_are_refused_naming_them() {
        for (String[] bad : new String[][] {{"hh:mm", "is not a time format"}, {"%H%n", "%n is not a conversion"},
                {"%Q", "%Q is not a conversion"}, {"%H%", "ends with a lone %"}, {"%H\t%M", "control character"},
                {"%-d", "%- is not a conversion"}}) {
            ShmException e = assertThrows(ShmException.class, () -> format(bad[0], "UTC"));
            assertEquals(ShmException.Reason.BAD_VALUE, e.reason());
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }
}
