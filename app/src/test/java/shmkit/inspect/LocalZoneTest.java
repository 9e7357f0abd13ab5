package shmkit.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The local zone read from the C library's zone files agrees with the JDK's database, or steps aside. */
class LocalZoneTest {
    private static final long NOW = Instant.now().getEpochSecond();

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
            "America/Sao_Paulo", "Pacific/Chatham", "Africa/Casablanca"})
    void a_zone_file_gives_the_offsets_the_jdk_gives_or_none(String zone) {
        Path file = Path.of("/usr/share/zoneinfo", zone);
        assumeTrue(Files.isRegularFile(file), "no zone file " + file);
        ZoneRules read = LocalZone.read(file, NOW);
        if (read == null) {
            return; // a slim file whose rules take over before now: the JDK answers instead
        }
        ZoneRules jdk = ZoneId.of(zone).getRules();
        // Every ten days from 1970 to a year from now, and on both sides of each of the JDK's transitions.
        for (long t = 0; t < NOW + 365L * 86400; t += 10 * 86400) {
            assertEquals(jdk.getOffset(Instant.ofEpochSecond(t)), read.getOffset(Instant.ofEpochSecond(t)),
                    zone + " at " + Instant.ofEpochSecond(t));
        }
        for (var transition : jdk.getTransitions()) {
            long at = transition.toEpochSecond();
            if (at > 0 && at < NOW + 365L * 86400) {
                for (long t : new long[] {at - 1, at}) {
                    assertEquals(jdk.getOffset(Instant.ofEpochSecond(t)), read.getOffset(Instant.ofEpochSecond(t)),
                            zone + " at " + Instant.ofEpochSecond(t));
                }
            }
        }
    }

    @Test
    void a_fat_zone_file_with_daylight_saving_is_read_not_left_to_the_jdk() throws IOException {
        Path berlin = Path.of("/usr/share/zoneinfo/Europe/Berlin");
        // Fat files (Debian's) list transitions up to 2037; slim ones stop where the footer's rule takes over.
        assumeTrue(Files.isRegularFile(berlin) && Files.size(berlin) > 1500, "no fat zone file for Europe/Berlin");
        assertNotNull(LocalZone.read(berlin, NOW));
    }

    @Test
    void the_machine_s_own_zone_file_is_read() {
        Path file = LocalZone.zoneFile(null, null);
        assumeTrue(Files.isRegularFile(file));
        assertNotNull(LocalZone.read(file, NOW), "a fat or fixed zone file, as Debian's");
    }

    @Test
    void tz_names_a_file_as_the_c_library_does() {
        assertEquals(Path.of("/etc/localtime"), LocalZone.zoneFile(null, null));
        assertEquals(Path.of("/usr/share/zoneinfo/Europe/Berlin"), LocalZone.zoneFile(":Europe/Berlin", null));
        assertEquals(Path.of("/usr/share/zoneinfo/Europe/Berlin"), LocalZone.zoneFile("Europe/Berlin", null));
        assertEquals(Path.of("/opt/zones/UTC"), LocalZone.zoneFile("UTC", "/opt/zones"));
        assertEquals(Path.of("/tmp/my.tzif"), LocalZone.zoneFile(":/tmp/my.tzif", null));
        assertNull(LocalZone.zoneFile("", null), "TZ empty is UTC, which the JDK gives");
        assertNull(LocalZone.zoneFile("EST5EDT,M3.2.0,M11.1.0", null), "a rule string is left to the JDK");
        assertNull(LocalZone.zoneFile("../../etc/passwd", null));
    }

    @Test
    void a_fixed_offset_file_and_one_with_a_transition_read_back() throws IOException {
        ZoneRules fixed = LocalZone.parse(ByteBuffer.wrap(tzif(new long[0], new int[0], new int[] {19800}, "IST-5:30")), NOW);
        assertEquals(19800, fixed.getOffset(Instant.EPOCH).getTotalSeconds());
        long change = 1_000_000_000L;
        ZoneRules two = LocalZone.parse(ByteBuffer.wrap(tzif(new long[] {change}, new int[] {1}, new int[] {3600, 7200}, "XX-2")), NOW);
        assertEquals(3600, two.getOffset(Instant.ofEpochSecond(change - 1)).getTotalSeconds());
        assertEquals(7200, two.getOffset(Instant.ofEpochSecond(change)).getTotalSeconds());
    }

    @Test
    void what_it_cannot_be_sure_of_is_left_to_the_jdk() throws IOException {
        // Daylight-saving rules in the footer that take over before now: not evaluated here.
        assertNull(LocalZone.parse(ByteBuffer.wrap(tzif(new long[] {0}, new int[] {1}, new int[] {3600, 7200},
                "CET-1CEST,M3.5.0,M10.5.0/3")), NOW));
        assertNull(LocalZone.parse(ByteBuffer.wrap("not a zone file at all, not even close to one".getBytes()), NOW));
        byte[] cut = tzif(new long[] {1_000_000_000L}, new int[] {0}, new int[] {0}, "UTC0");
        assertNull(LocalZone.parse(ByteBuffer.wrap(java.util.Arrays.copyOf(cut, cut.length - 12)), NOW));
    }

    /** A version 2 TZif file: an empty 32-bit block, then the 64-bit one and the footer. */
    private static byte[] tzif(long[] times, int[] index, int[] offsets, String footer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        header(out, 0, 1);
        out.writeInt(0); // the 32-bit block: one type (offset 0, not dst, name at 0) and one NUL of names
        out.writeByte(0);
        out.writeByte(0);
        out.writeByte(0);
        header(out, times.length, offsets.length);
        for (long t : times) {
            out.writeLong(t);
        }
        for (int i : index) {
            out.writeByte(i);
        }
        for (int offset : offsets) {
            out.writeInt(offset);
            out.writeByte(0);
            out.writeByte(0);
        }
        out.writeByte(0); // the names: one NUL
        out.writeBytes("\n" + footer + "\n");
        return bytes.toByteArray();
    }

    private static void header(DataOutputStream out, int times, int types) throws IOException {
        out.writeBytes("TZif2");
        out.write(new byte[15]);
        out.writeInt(0); // isut
        out.writeInt(0); // isstd
        out.writeInt(0); // leap
        out.writeInt(times);
        out.writeInt(types);
        out.writeInt(1); // chars
    }
}
