package shmkit.watch;

import java.time.Duration;
import shmkit.ShmException;
import shmkit.segment.Change;
import shmkit.segment.Segment;

/**
 * A watch's duty cycle, {@code while (running) pacer.idle(watcher.pollOnce())}, and its deadlines:
 * the look at what the name holds (every {@link #CHECK_EVERY}; while waiting for it, every
 * {@link #WAIT_CHECK}), the timeout, and a stop asked for by another thread (a signal).
 *
 * <p>It owns the segment's life in the watch. What the name holds is reported to the listener as
 * {@link WatchEvent}s: grew and shrank (the range still fits), and shrank past the size it was opened
 * with, replaced or removed, which end the watch with the segment's one failure (exit 1) unless the
 * watch follows the name: then it opens what the name holds now, or waits until the name holds the
 * range again. With {@code wait}, a name that does not exist yet (or is too small for the range) is
 * waited for rather than refused. What a change means, and when it ends the watch, is the listener's
 * business: printing lines, or drawing a screen.
 */
public final class WatchLoop implements AutoCloseable {
    /** A listener's answer: keep watching. Anything else is the exit status to end with. */
    public static final int CONTINUE = -1;
    /** How often the segment's file is looked at (a stat): removal and replacement show up this late at most. */
    static final long CHECK_EVERY = 100_000_000;
    /** How often a name waited for is tried (an open that fails, or a stat and a close): ~20 µs each. */
    static final long WAIT_CHECK = 10_000_000;

    /** Told what the watch sees; all calls come from the loop's thread, the one that opened the region. */
    public interface Listener {
        /** The range's bytes when the watch starts; returns {@link #CONTINUE} or the status to end with. */
        int started(WatchedBytes value);

        /**
         * A poll found the range changed, or, after a followed event, the range of the segment the name
         * holds now; {@code value} reads its bytes.
         */
        int changed(WatchedBytes value);

        /** What the watch watches from now on: at the start, after a followed event, null while it waits. */
        default void watching(Watcher watcher) {
        }

        /** What became of the name; returns {@link #CONTINUE} or the status to end with. */
        default int event(WatchEvent event) {
            return CONTINUE;
        }

        /** Runs between polls (keys, redraws); returns {@link #CONTINUE} or the status to end with. */
        default int between(long now) {
            return CONTINUE;
        }

        /** When {@link #between} next has work to do (System.nanoTime), so the pacer wakes for it. */
        default long nextDuty() {
            return Long.MAX_VALUE;
        }
    }

    private final Target target;
    private final Pacer pacer;
    private final long timeout;
    private final boolean wait;
    private final boolean follow;
    private volatile int stopStatus = CONTINUE;

    private Watcher watcher;
    /** Whether the listener has been told {@link Listener#started} (once a watch ran). */
    private boolean started;
    /** Whether the name was opened the first time (by {@link #open()} or the loop). */
    private boolean opened;
    /** The file last watched (closed by now, but its identity stays); null before, and once the name held none. */
    private Segment known;
    /** Its size as the last event said; -1 when the name held nothing. */
    private long knownSize = -1;
    /** When the name is next looked at (System.nanoTime). */
    private long nextCheck;

    /**
     * @param timeout how long to watch before ending with status 124; null for no limit
     * @param wait    wait for a name that does not exist yet, or is too small for the range, instead of failing
     * @param follow  keep watching what the name holds after the segment is replaced, removed or resized
     */
    public WatchLoop(Target target, Pacer pacer, Duration timeout, boolean wait, boolean follow) {
        this.target = target;
        this.pacer = pacer;
        this.timeout = timeout == null ? 0 : Math.max(1, timeout.toNanos());
        this.wait = wait;
        this.follow = follow;
    }

    /**
     * Opens the name and its range now, before anything is shown (a screen), so that a name that is not
     * there, or a range that does not fit, fails as an ordinary command does; with {@code wait}, one
     * that is not there (yet) is left to {@link #run}. Optional: run opens the name when this did not.
     */
    public void open() {
        if (opened) {
            return;
        }
        opened = true;
        Segment segment;
        try {
            segment = target.open(true);
        } catch (ShmException e) {
            if (e.reason() != ShmException.Reason.NOT_FOUND || !wait) {
                throw e;
            }
            return;
        }
        if (wait && !target.fits(segment.size())) {
            segment.close();
            return;
        }
        watcher = target.watch(segment);
        known = segment;
        knownSize = segment.size();
    }

    /** Watches until the listener, the timeout, a stop or a changed segment ends it; returns the exit status. */
    public int run(Listener listener) {
        try {
            return loop(listener);
        } catch (InternalError fault) {
            // The JVM may report a fault in mapped memory a little after the access that caused it.
            throw watcher != null ? watcher.faulted(fault) : Segment.faultIn(fault);
        } finally {
            pacer.finish();
            close();
        }
    }

    /** Closes what the watch holds (the segment it watches); the loop cannot run after this. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    /** Late faults ignored while following with nothing attached (see {@link #loop}). */
    private int lateFaults;

    private int loop(Listener listener) {
        long start = System.nanoTime();
        long deadline = start + timeout;
        int status;
        if (!opened) {
            status = attach(listener, true);
        } else if (watcher != null) {
            listener.watching(watcher);
            started = true;
            status = listener.started(watcher.value());
        } else {
            status = CONTINUE; // waiting for the name
        }
        nextCheck = start + (watcher != null ? CHECK_EVERY : WAIT_CHECK);
        while (status == CONTINUE) {
            try {
                status = turn(listener, deadline);
            } catch (InternalError fault) {
                // A fault in mapped memory that the JVM delivered late, after the access that caused it.
                if (watcher != null) {
                    status = faulted(listener, watcher.faulted(fault));
                } else if (!follow || ++lateFaults > 3) {
                    throw Segment.faultIn(fault);
                }
                // Else following with nothing attached: the mapping let go after its change was said
                // faulted late; nothing more to say (more than a few would be no such fault).
            }
        }
        return status;
    }

    /** One turn of the duty cycle: a poll, the deadlines, the listener's own duties, an idle. */
    private int turn(Listener listener, long deadline) {
        boolean changed = false;
        int status = CONTINUE;
        if (watcher != null) {
            try {
                changed = watcher.pollOnce();
                if (changed && stopStatus == CONTINUE) {
                    // The value is read from the mapping too: a shrink can land between the poll and it.
                    status = listener.changed(watcher.value());
                }
            } catch (ShmException e) {
                status = faulted(listener, e);
            }
            if (status != CONTINUE) {
                return status;
            }
        }
        long now = System.nanoTime();
        if (stopStatus != CONTINUE) {
            return stopStatus;
        }
        if (now - nextCheck >= 0) {
            status = check(listener);
            nextCheck = now + (watcher != null ? CHECK_EVERY : WAIT_CHECK);
            if (status != CONTINUE) {
                return status;
            }
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
        return status;
    }

    /** The periodic look: at the watched segment's file, or for the name waited for. */
    private int check(Listener listener) {
        if (watcher == null) {
            return attach(listener, false);
        }
        Change change = watcher.change();
        if (change != null && change.harmful()) {
            return lost(listener, change, null);
        }
        long size = change == null ? watcher.segmentSize() : change.size();
        if (size == knownSize) {
            return CONTINUE;
        }
        // Still holds the range (grew, or shrank back to no less than it was opened with).
        int status = listener.event(new WatchEvent(size > knownSize ? WatchEvent.Kind.GREW : WatchEvent.Kind.SHRANK,
                target.name(), knownSize, size));
        knownSize = size;
        if (status != CONTINUE || !follow) {
            return status;
        }
        // Following: the range is made again from the new size ("to the end" reaches the new end).
        detach(listener);
        return attach(listener, false);
    }

    /** A poll failed: the file shrank under the mapping (a fault) or ended early, or something else went wrong. */
    private int faulted(Listener listener, ShmException failure) {
        ShmException.Reason reason = failure.reason();
        if (reason != ShmException.Reason.SHRANK && reason != ShmException.Reason.REMOVED
                && reason != ShmException.Reason.REPLACED) {
            throw failure;
        }
        Change change = watcher.change();
        if (change == null || !change.harmful()) {
            // Faulted, yet looks whole again (shrunk and grown back between): nothing to say but the fault.
            if (!follow) {
                throw failure;
            }
            detach(listener);
            return attach(listener, false);
        }
        return lost(listener, change, failure);
    }

    /** The segment watched is gone, replaced or too short now: says so, then ends, or follows the name. */
    private int lost(Listener listener, Change change, ShmException failure) {
        WatchEvent.Kind kind = switch (change.kind()) {
            case REMOVED -> WatchEvent.Kind.REMOVED;
            case REPLACED -> WatchEvent.Kind.REPLACED;
            default -> WatchEvent.Kind.SHRANK;
        };
        if (!follow) {
            listener.event(new WatchEvent(kind, target.name(), knownSize, change.size()));
            throw failure != null ? failure : change.failure(" while in use; stopped", null);
        }
        detach(listener);
        if (kind == WatchEvent.Kind.REPLACED) {
            return attach(listener, false); // says "replaced", with the size of what the name holds by then
        }
        int status = listener.event(new WatchEvent(kind, target.name(), knownSize, change.size()));
        if (kind == WatchEvent.Kind.REMOVED) {
            known = null;
            knownSize = -1;
        } else {
            knownSize = change.size();
        }
        return status != CONTINUE ? status : attach(listener, false);
    }

    private void detach(Listener listener) {
        Watcher old = watcher;
        watcher = null;
        known = old.region();
        old.close();
        listener.watching(null);
    }

    /**
     * Opens what the name holds and starts watching its range; while the name holds nothing or too
     * little for the range (and the watch waits or follows), waits on. Says what became of the name
     * since the last event: removed, resized (the file last watched), and when it holds the range
     * again, created, replaced, grew or shrank.
     */
    private int attach(Listener listener, boolean first) {
        opened = true;
        Segment segment;
        try {
            segment = target.open(first);
        } catch (ShmException e) {
            if (e.reason() != ShmException.Reason.NOT_FOUND || first && !wait) {
                throw e;
            }
            if (known == null) {
                return CONTINUE;
            }
            int status = listener.event(new WatchEvent(WatchEvent.Kind.REMOVED, target.name(), knownSize, -1));
            known = null;
            knownSize = -1;
            return status;
        }
        try {
            return attached(listener, first, segment);
        } catch (ShmException e) {
            ShmException.Reason reason = e.reason();
            if (first || reason != ShmException.Reason.SHRANK && reason != ShmException.Reason.REMOVED
                    && reason != ShmException.Reason.REPLACED) {
                throw e;
            }
            // Followed (or waited for), and changed again while being opened: not watched yet. The next
            // check looks at the name afresh and says what became of it.
            if (watcher != null) {
                detach(listener);
            } else {
                segment.close();
            }
            return CONTINUE;
        }
    }

    /** The rest of {@link #attach}, once the name has been opened. */
    private int attached(Listener listener, boolean first, Segment segment) {
        long size = segment.size();
        if (!(first && !wait) && !target.fits(size)) {
            // Too small for the range: the file watched until now says how it is resizing; another file
            // is not an event until it holds the range (a writer's shm_open and ftruncate: one "created").
            WatchEvent resized = known != null && segment.sameFile(known) ? arrival(segment, size) : null;
            segment.close();
            if (resized == null) {
                return CONTINUE;
            }
            knownSize = size;
            return listener.event(resized);
        }
        WatchEvent event = first ? null : arrival(segment, size);
        watcher = target.watch(segment);
        known = segment;
        knownSize = size;
        listener.watching(watcher);
        int status = event == null ? CONTINUE : listener.event(event);
        if (status != CONTINUE) {
            return status;
        }
        if (!started) {
            started = true;
            return listener.started(watcher.value());
        }
        return listener.changed(watcher.value());
    }

    /** What the name holding {@code segment} means after what was last said of it; null when nothing new. */
    private WatchEvent arrival(Segment segment, long size) {
        if (known == null) {
            return new WatchEvent(WatchEvent.Kind.CREATED, target.name(), -1, size);
        }
        if (!segment.sameFile(known)) {
            return new WatchEvent(WatchEvent.Kind.REPLACED, target.name(), knownSize, size);
        }
        if (size == knownSize) {
            return null;
        }
        return new WatchEvent(size > knownSize ? WatchEvent.Kind.GREW : WatchEvent.Kind.SHRANK, target.name(), knownSize, size);
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
