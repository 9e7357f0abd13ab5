package shmkit.watch;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Paces a watch's background scan to a share of one core: a slice of the scan that took t is
 * followed by a rest of t (1 - share) / share, measured on the watch's clock (tests drive their own).
 */
final class ScanPace {
    private final double share;
    private final LongSupplier clock;
    private long next;

    ScanPace(double share, LongSupplier clock) {
        this.share = share;
        this.clock = clock;
        this.next = clock.getAsLong();
    }

    /** Runs {@code slice} when one is due and says whether it saw a change; false when none was due. */
    boolean run(BooleanSupplier slice) {
        long now = clock.getAsLong();
        if (now - next < 0) {
            return false;
        }
        boolean changed = slice.getAsBoolean();
        long cost = clock.getAsLong() - now;
        next = now + (long) (cost * (1 - share) / share);
        return changed;
    }
}
