package shmkit.watch;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import shmkit.sys.TimerSlack;

/**
 * Decides how long a watch idles between polls: the other half of the duty cycle
 * {@code while (running) pacer.idle(watcher.pollOnce())}.
 *
 * <p>Nothing tells a process that another one wrote to shared memory, so a watch polls, and every
 * poll after a park costs a timer wake-up: on this project's virtual machines 15-40 µs of CPU, more
 * than the poll itself. The adaptive default therefore paces by how long the range has been quiet:
 * it parks {@link #ACTIVE_PARK} while changes come (a median answer of about 0.25 ms), and longer
 * as the quiet goes on, a thousandth of the quiet so far, up to {@link #IDLE_PARK}: one second
 * after the last change a poll every millisecond, after two seconds every two, which keeps an idle
 * watch near 1-2% of a core. The first change after a long quiet is seen up to {@link #IDLE_PARK}
 * late; docs/benchmarks.md has the curve.
 *
 * <p>It does not spin after a change. It used to, for 50 µs, to catch a writer's second write at
 * once ("zero the region, then write"), but on two cores the spin took the CPU from the very
 * process that reads the watch's line, so every answer arrived later: the median went from 0.38
 * to 0.25 ms without it, on less CPU (the same latency run, docs/benchmarks.md).
 *
 * <p>Parks are precise: the kernel's default timer slack (50 µs) would add half to every active
 * park, so the loop's thread asks for {@link #PRECISE_SLACK} (prctl through the FFM linker, bound
 * on a helper thread because binding costs ~0.1 s; {@link #finish} gives the thread its default
 * back, for the shell's later commands).
 */
public final class Pacer {
    /** The park while changes come, the adaptive pacer's shortest. */
    public static final long ACTIVE_PARK = 100_000;
    /** The longest park of the adaptive pacer, once the range has been quiet for two seconds. */
    public static final long IDLE_PARK = 2_000_000;
    /** The adaptive park is the quiet so far divided by this (then clamped). */
    static final long QUIET_PER_PARK = 1000;
    /** The timer slack the loop's thread asks for. */
    static final long PRECISE_SLACK = 5_000;
    /** {@link #plan} result: spin (Thread.onSpinWait) instead of parking. */
    static final long SPIN = 0;

    private final long interval;
    private final boolean adaptive;
    private final LongSupplier clock;
    private final Slack slack;
    private volatile Thread idler;
    private long lastChange;
    private long wakeBy = Long.MAX_VALUE;

    private Pacer(long interval, boolean adaptive, LongSupplier clock, boolean precise) {
        this.interval = interval;
        this.adaptive = adaptive;
        this.clock = clock;
        this.slack = precise ? new Slack() : null;
        this.lastChange = clock.getAsLong();
    }

    /** Parks {@link #ACTIVE_PARK} while changes come, longer as the quiet goes on. */
    public static Pacer adaptive() {
        return new Pacer(IDLE_PARK, true, System::nanoTime, true);
    }

    /** Idles exactly {@code interval} between polls; zero spins (a whole core, the lowest latency). */
    public static Pacer every(Duration interval) {
        return new Pacer(interval.toNanos(), false, System::nanoTime, true);
    }

    /** For tests: the same decisions on a given clock, with the thread's timer slack left alone. */
    static Pacer adaptive(LongSupplier clock) {
        return new Pacer(IDLE_PARK, true, clock, false);
    }

    static Pacer every(Duration interval, LongSupplier clock) {
        return new Pacer(interval.toNanos(), false, clock, false);
    }

    /** Idles after a poll that did or did not see a change. */
    public void idle(boolean changed) {
        long now = clock.getAsLong();
        long park = plan(changed, now);
        if (park == SPIN) {
            Thread.onSpinWait();
        } else {
            if (slack != null) {
                slack.beforePark(now);
            }
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
            park = Math.clamp((now - lastChange) / QUIET_PER_PARK, ACTIVE_PARK, interval);
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

    /** The watch is over: the loop's thread gets its default timer slack back. From the loop's thread. */
    public void finish() {
        if (slack != null) {
            slack.restore();
        }
    }

    /** For tests: whether the binding of prctl has begun. */
    boolean bindingStarted() {
        return slack != null && slack.state != Slack.NOT_STARTED;
    }

    /**
     * Precise parks for the loop's thread: prctl is bound on a helper thread once the loop has
     * parked for {@link #BIND_AFTER} (so the first line is not held up by the binding, and a short
     * watch never pays for it), and the loop's own thread sets its slack at the first park after that.
     */
    private static final class Slack {
        private static final int NOT_STARTED = 0;
        private static final int BINDING = 1;
        private static final int SET = 2;
        private static final int GIVEN_UP = 3;
        /**
         * How long a watch parks before it binds prctl: a short watch (a --timeout of a few
         * milliseconds, a --count 1 that is answered at once) would spend more CPU on the binding
         * than on everything else; a long one is precise from here on.
         */
        static final long BIND_AFTER = 50_000_000;
        private volatile int bound; // 0 while binding, 1 bound, -1 not available
        private int state = NOT_STARTED;
        private long firstPark = -1;

        void beforePark(long now) {
            if (state == NOT_STARTED) {
                if (firstPark < 0) {
                    firstPark = now;
                }
                if (now - firstPark < BIND_AFTER) {
                    return;
                }
                state = BINDING;
                Thread.ofPlatform().daemon().name("shm-timer-slack").start(() -> bound = TimerSlack.bind() ? 1 : -1);
            } else if (state == BINDING && bound != 0) {
                state = bound > 0 && TimerSlack.set(PRECISE_SLACK) ? SET : GIVEN_UP;
            }
        }

        void restore() {
            if (state == SET) {
                TimerSlack.set(0);
                state = GIVEN_UP;
            }
        }
    }
}
