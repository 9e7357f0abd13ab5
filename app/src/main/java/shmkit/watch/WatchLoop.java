package shmkit.watch;

import java.time.Duration;
import shmkit.ShmException;

/**
 * A watch's duty cycle, {@code while (running) pacer.idle(watcher.pollOnce())}, and its deadlines:
 * the check that the segment is still the file that was mapped (every {@link #CHECK_EVERY}), the
 * timeout, and a stop asked for by another thread (a signal). What a change means, and when it ends
 * the watch, is the listener's business: printing lines, or drawing a screen.
 */
public final class WatchLoop {
    /** A listener's answer: keep watching. Anything else is the exit status to end with. */
    public static final int CONTINUE = -1;
    /** How often the segment's file is looked at (a stat): removal and replacement show up this late at most. */
    static final long CHECK_EVERY = 100_000_000;

    /** Told what the watch sees; all calls come from the loop's thread, the one that opened the region. */
    public interface Listener {
        /** The range's bytes when the watch starts; returns {@link #CONTINUE} or the status to end with. */
        int started(WatchedBytes value);

        /** A poll found the range changed; {@code value} reads its new bytes. */
        int changed(WatchedBytes value);

        /** Runs between polls (keys, redraws); returns {@link #CONTINUE} or the status to end with. */
        default int between(long now) {
            return CONTINUE;
        }

        /** When {@link #between} next has work to do (System.nanoTime), so the pacer wakes for it. */
        default long nextDuty() {
            return Long.MAX_VALUE;
        }
    }

    private final Watcher watcher;
    private final Pacer pacer;
    private final long timeout;
    private volatile int stopStatus = CONTINUE;

    /** @param timeout how long to watch before ending with status 124; null for no limit */
    public WatchLoop(Watcher watcher, Pacer pacer, Duration timeout) {
        this.watcher = watcher;
        this.pacer = pacer;
        this.timeout = timeout == null ? 0 : Math.max(1, timeout.toNanos());
    }

    /** Watches until the listener, the timeout, a stop or a changed segment ends it; returns the exit status. */
    public int run(Listener listener) {
        try {
            return loop(listener);
        } catch (InternalError fault) {
            // The JVM may report a fault in mapped memory a little after the access that caused it.
            throw watcher.faulted(fault);
        } finally {
            pacer.finish();
        }
    }

    private int loop(Listener listener) {
        long start = System.nanoTime();
        long deadline = start + timeout;
        long nextCheck = start + CHECK_EVERY;
        int status = listener.started(watcher.value());
        while (status == CONTINUE) {
            boolean changed = watcher.pollOnce();
            if (changed && stopStatus == CONTINUE) {
                status = listener.changed(watcher.value());
                if (status != CONTINUE) {
                    break;
                }
            }
            long now = System.nanoTime();
            if (stopStatus != CONTINUE) {
                return stopStatus;
            }
            if (now - nextCheck >= 0) {
                watcher.checkSegment();
                nextCheck = now + CHECK_EVERY;
            }
            if (timeout > 0 && now - deadline >= 0) {
                return ShmException.TIMEOUT;
            }
            status = listener.between(now);
            long wakeBy = earliest(now, nextCheck, timeout > 0 ? deadline : now + CHECK_EVERY);
            long duty = listener.nextDuty();
            pacer.wakeBy(duty == Long.MAX_VALUE ? wakeBy : earliest(now, wakeBy, duty));
            if (status == CONTINUE) {
                pacer.idle(changed);
            }
        }
        return status;
    }

    /** The earlier of two System.nanoTime() values that lie within ~290 years of now. */
    private static long earliest(long now, long a, long b) {
        return a - now <= b - now ? a : b;
    }

    /** Cuts the current idle short, so the listener's {@link Listener#between} runs now (a key was pressed). */
    public void wake() {
        pacer.wake();
    }

    /** Ends the watch from another thread (a signal) with this status, at the loop's next turn. */
    public void stop(int status) {
        stopStatus = status;
        pacer.wake();
    }
}
