package shmkit.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pacer's decisions (Pacer.plan) for given moments: no sleeping, no timing. */
class PacerTest {
    private static final long MS = 1_000_000;

    @Test
    void right_after_a_change_it_spins_then_parks_longer_and_longer_up_to_a_millisecond() {
        Pacer pacer = Pacer.adaptive(() -> 0);
        assertEquals(Pacer.SPIN, pacer.plan(true, 0));
        assertEquals(Pacer.SPIN, pacer.plan(false, 10_000));
        long previous = 0;
        for (long t = Pacer.SPIN_AFTER_CHANGE; t < 20 * MS; t += 37_000) {
            long park = pacer.plan(false, t);
            assertTrue(park >= Pacer.MIN_PARK && park <= Pacer.MAX_PARK && park >= previous, "park " + park + " at " + t);
            previous = park;
        }
        assertEquals(Pacer.MAX_PARK, previous);
        assertEquals(Pacer.SPIN, pacer.plan(true, 30 * MS), "a new change starts over");
    }

    @Test
    void a_quiet_start_parks_at_once() {
        Pacer pacer = Pacer.adaptive(() -> 0);
        assertEquals(Pacer.MAX_PARK, pacer.plan(false, 100 * MS));
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
