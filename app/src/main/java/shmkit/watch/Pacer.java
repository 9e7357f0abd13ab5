package shmkit.watch;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Decides how long a watch idles between polls: the other half of the duty cycle
 * {@code while (running) pacer.idle(watcher.pollOnce())}.
 *
 * <p>The adaptive default spins for a moment after a change (writers often write again at once: the
 * classic "zero the region, then write" is two writes), then parks for longer and longer, up to
 * {@link #MAX_PARK}. A parked thread still costs a timer wake-up per poll, and on a virtual machine
 * that is tens of microseconds of CPU: measured here, 1 ms parks cost about 3.5% of a core and
 * 200 µs parks about 13%, so 1 ms is what keeps an idle watch under 5% while answering within about
 * half a millisecond at the median (docs/benchmarks.md).
 */
public final class Pacer {
    /** The longest park of the adaptive pacer: one poll a millisecond when nothing happens. */
    public static final long MAX_PARK = 1_000_000;
    /** How long the adaptive pacer spins after a change before it parks at all. */
    static final long SPIN_AFTER_CHANGE = 50_000;
    static final long MIN_PARK = 50_000;
    /** {@link #plan} result: spin (Thread.onSpinWait) instead of parking. */
    static final long SPIN = 0;

    private final long interval;
    private final boolean adaptive;
    private final LongSupplier clock;
    private volatile Thread idler;
    private long lastChange;
    private long wakeBy = Long.MAX_VALUE;

    private Pacer(long interval, boolean adaptive, LongSupplier clock) {
        this.interval = interval;
        this.adaptive = adaptive;
        this.clock = clock;
        this.lastChange = clock.getAsLong();
    }

    /** Spins briefly after a change, then backs off to 1 ms parks. */
    public static Pacer adaptive() {
        return new Pacer(MAX_PARK, true, System::nanoTime);
    }

    /** Idles exactly {@code interval} between polls; zero spins (a whole core, the lowest latency). */
    public static Pacer every(Duration interval) {
        return new Pacer(interval.toNanos(), false, System::nanoTime);
    }

    static Pacer adaptive(LongSupplier clock) {
        return new Pacer(MAX_PARK, true, clock);
    }

    static Pacer every(Duration interval, LongSupplier clock) {
        return new Pacer(interval.toNanos(), false, clock);
    }

    /** Idles after a poll that did or did not see a change. */
    public void idle(boolean changed) {
        long park = plan(changed, clock.getAsLong());
        if (park == SPIN) {
            Thread.onSpinWait();
        } else {
            idler = Thread.currentThread();
            LockSupport.parkNanos(this, park);
            idler = null;
        }
    }

    /**
     * How long to idle now: {@link #SPIN}, or nanoseconds to park, never past {@link #wakeBy}, so the
     * loop meets its own deadlines (a timeout, a redraw) even with a long --interval.
     */
    long plan(boolean changed, long now) {
        if (changed) {
            lastChange = now;
        }
        long park;
        if (!adaptive) {
            park = interval;
        } else {
            long quiet = now - lastChange;
            park = quiet < SPIN_AFTER_CHANGE ? SPIN : Math.clamp(quiet / 2, MIN_PARK, interval);
        }
        if (park != SPIN && wakeBy != Long.MAX_VALUE) {
            park = Math.max(1, Math.min(park, wakeBy - now));
        }
        return park;
    }

    /** The loop's next duty is due at this System.nanoTime(): no park runs past it. */
    public void wakeBy(long nanoTime) {
        wakeBy = nanoTime;
    }

    /** Ends the current park at once (from another thread: a key press, a signal). */
    public void wake() {
        Thread thread = idler;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }
}
