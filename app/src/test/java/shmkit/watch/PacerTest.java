package shmkit.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pacer's decisions (Pacer.plan) for given moments: no sleeping, no timing. */
class PacerTest {
    private static final long MS = 1_000_000;

    @Test
    void while_changes_come_it_parks_briefly_and_never_spins() {
        Pacer pacer = Pacer.adaptive(() -> 0);
        assertEquals(Pacer.ACTIVE_PARK, pacer.plan(true, 0), "not a spin: it would take the CPU from the line's reader");
        for (long t = 0; t < 100 * MS; t += 37_000) {
            assertEquals(Pacer.ACTIVE_PARK, pacer.plan(false, t), "at " + t);
        }
        assertTrue(pacer.plan(false, 300 * MS) > Pacer.ACTIVE_PARK, "a quiet of 300 ms parks longer");
        assertEquals(Pacer.ACTIVE_PARK, pacer.plan(true, 300 * MS), "a new change starts over");
        assertEquals(Pacer.ACTIVE_PARK, pacer.plan(false, 300 * MS + 20 * MS));
    }

    @Test
    void the_longer_the_quiet_the_longer_the_park_up_to_the_idle_one() {
        Pacer pacer = Pacer.adaptive(() -> 0);
        pacer.plan(true, 0);
        assertEquals(MS / 2, pacer.plan(false, 500 * MS), "a thousandth of the quiet");
        assertEquals(MS, pacer.plan(false, 1000 * MS));
        long previous = 0;
        for (long t = MS; t < 10_000 * MS; t += 7 * MS) {
            long park = pacer.plan(false, t);
            assertTrue(park >= Pacer.ACTIVE_PARK && park <= Pacer.IDLE_PARK && park >= previous, "park " + park + " at " + t);
            previous = park;
        }
        assertEquals(Pacer.IDLE_PARK, previous);
    }

    @Test
    void a_quiet_start_parks_as_long_as_the_quiet_says() {
        assertEquals(Pacer.ACTIVE_PARK, Pacer.adaptive(() -> 0).plan(false, 100 * MS));
        assertEquals(Pacer.IDLE_PARK, Pacer.adaptive(() -> 0).plan(false, 5000 * MS));
    }

    @Test
    void a_fixed_interval_parks_exactly_that_long_and_zero_spins() {
        assertEquals(5 * MS, Pacer.every(Duration.ofMillis(5), () -> 0).plan(true, 0));
        assertEquals(5 * MS, Pacer.every(Duration.ofMillis(5), () -> 0).plan(false, 7 * MS));
        assertEquals(Pacer.SPIN, Pacer.every(Duration.ZERO, () -> 0).plan(false, 7 * MS));
    }

    @Test
    void no_park_runs_past_the_loops_next_duty() {
        Pacer pacer = Pacer.every(Duration.ofSeconds(10), () -> 0);
        pacer.wakeBy(3 * MS);
        assertEquals(2 * MS, pacer.plan(false, MS));
        assertEquals(1, pacer.plan(false, 5 * MS), "a duty already due: the shortest park");
    }
}
