package shmkit.watch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import shmkit.ShmException;
import shmkit.segment.Region;

/**
 * Sees another process's writes to a range of a region by comparing the range with a private copy
 * of it: no counter, no cooperation from the writer, any language on the other side. Owns that copy
 * (native memory as large as the range, freed by {@link #close()}) and must be used from the thread
 * that opened the region (its mapping is confined to it).
 *
 * <p>A range of up to {@link #WHOLE} bytes is compared whole at every poll (a few hundred ns for
 * 8 KiB). A larger one is split into pages: the pages that changed lately are compared at every poll,
 * and the rest is scanned a slice per poll, paced so that the scan uses at most {@code scanShare} of
 * one core. A writer that keeps writing the same place is thus seen as fast as in a small region, and
 * a change anywhere else within one full pass; a screen can ask for what it shows to be compared at
 * every poll too ({@link #focus}).
 */
public final class Watcher implements AutoCloseable {
    /** Ranges up to this size are compared whole at every poll. */
    static final long WHOLE = 64 << 10;
    /** Unit of "where it changed" in a large range. */
    static final long PAGE = 4096;
    /** How many recently changed pages are compared at every poll. */
    static final int HOT_PAGES = 32;
    /** How much of a large range one poll's background scan compares. */
    static final long SLICE = 256 << 10;
    /** The background scan's share of one core, unless told otherwise. */
    public static final double SCAN_SHARE = 0.02;

    private final Region region;
    private final long length;
    private final MemorySegment live;
    private final Arena copyArena = Arena.ofConfined();
    private final MemorySegment copy;
    private final MemorySegment copyView;
    private final double scanShare;
    private final LongSupplier clock;
    private final Supplier<Boolean> compare = this::compare;

    private final long[] hotPages = new long[HOT_PAGES];
    private final long[] hotSince = new long[HOT_PAGES];
    private int hotCount;
    private long focusFrom;
    private long focusLength;
    private long polls;
    private long scanCursor;
    private long nextScan;

    /**
     * Starts watching {@code length} bytes at {@code offset}: the current bytes become the copy later
     * polls compare against. The range must lie inside the region (checked here).
     *
     * @param scanShare the share of one core the background scan of a large range may use; 1 scans at every poll
     */
    public Watcher(Region region, long offset, long length, double scanShare) {
        this(region, offset, length, scanShare, System::nanoTime);
    }

    Watcher(Region region, long offset, long length, double scanShare, LongSupplier clock) {
        region.checkRange(offset, length);
        if (length == 0) {
            throw ShmException.usage("nothing to watch: the range at offset " + offset + " of " + region.name()
                    + " (" + region.size() + " bytes) is empty");
        }
        this.region = region;
        this.length = length;
        this.scanShare = Math.clamp(scanShare, 1e-6, 1);
        this.clock = clock;
        this.copy = copyArena.allocate(length, 64);
        this.copyView = copy.asReadOnly();
        this.live = region.guard(() -> {
            MemorySegment slice = region.memory().asSlice(offset, length);
            MemorySegment.copy(slice, 0, copy, 0, length);
            return slice;
        });
    }

    /** The range's bytes as last seen: a private copy, never the mapped memory; valid until close. */
    public MemorySegment value() {
        return copyView;
    }

    public long length() {
        return length;
    }

    /**
     * Compares the range (or, when it is large, its hot pages and the next slice of the scan) with
     * the copy, brings the copy up to date, and says whether any byte differed. A fault in mapped
     * memory (the file shrank) becomes a ShmException saying so.
     */
    public boolean pollOnce() {
        return region.guard(compare);
    }

    /**
     * Compares these bytes of a large range at every poll, like the pages that changed lately: what a
     * screen shows. Relative to the range's start; clamped to it. Free for a range compared whole anyway.
     */
    public void focus(long from, long length) {
        focusFrom = Math.clamp(from, 0, this.length);
        focusLength = Math.clamp(length, 0, this.length - focusFrom);
    }

    /**
     * Ends the watch when the segment's file is no longer what was mapped: removed or replaced (which
     * do not fault: the old file stays mapped, so polling alone would watch a ghost) or shrunk. A
     * file that grew still holds the range unchanged, so it is watched on. A stat, a few microseconds.
     */
    public void checkSegment() {
        String change = region.whatChanged();
        if (change != null && !change.startsWith(region.name() + " grew from ")) {
            throw ShmException.failure(change + " while in use; stopped");
        }
    }

    /** A fault the JVM reported outside {@link #pollOnce()}, worded as the region words its own. */
    ShmException faulted(InternalError fault) {
        try {
            region.guard(() -> {
                throw fault;
            });
        } catch (ShmException e) {
            return e;
        }
        return ShmException.failure(region.name() + " faulted (" + fault.getMessage() + ")", fault);
    }

    private Boolean compare() {
        // Other processes write the range: the fence keeps the JIT from reusing a read of an earlier poll.
        VarHandle.acquireFence();
        polls++;
        if (length <= WHOLE) {
            long at = MemorySegment.mismatch(live, 0, length, copy, 0, length);
            if (at < 0) {
                return false;
            }
            MemorySegment.copy(live, at, copy, at, length - at);
            return true;
        }
        boolean changed = focusLength > 0 && refreshPages(focusFrom, focusLength);
        for (int i = 0; i < hotCount; i++) {
            long page = hotPages[i];
            if (refreshPages(page * PAGE, Math.min(PAGE, length - page * PAGE))) {
                changed = true;
            }
        }
        long now = clock.getAsLong();
        if (now - nextScan >= 0) {
            long n = Math.min(SLICE, length - scanCursor);
            changed |= refreshPages(scanCursor, n);
            scanCursor = scanCursor + n == length ? 0 : scanCursor + n;
            long cost = clock.getAsLong() - now;
            nextScan = now + (long) (cost * (1 - scanShare) / scanShare);
        }
        return changed;
    }

    /** Copies each page of [from, from+n) that differs, marking it hot; says whether any did. */
    private boolean refreshPages(long from, long n) {
        long end = from + n;
        long at = MemorySegment.mismatch(live, from, end, copy, from, end);
        if (at < 0) {
            return false;
        }
        long position = from + at;
        while (position < end) {
            long page = position / PAGE;
            long pageEnd = Math.min((page + 1) * PAGE, end);
            MemorySegment.copy(live, position, copy, position, pageEnd - position);
            markHot(page);
            if (pageEnd == end) {
                break;
            }
            long next = MemorySegment.mismatch(live, pageEnd, end, copy, pageEnd, end);
            if (next < 0) {
                break;
            }
            position = pageEnd + next;
        }
        return true;
    }

    /** Keeps the page among those compared at every poll, displacing the one quiet for longest. */
    private void markHot(long page) {
        int oldest = 0;
        for (int i = 0; i < hotCount; i++) {
            if (hotPages[i] == page) {
                hotSince[i] = polls;
                return;
            }
            if (hotSince[i] < hotSince[oldest]) {
                oldest = i;
            }
        }
        int slot = hotCount < HOT_PAGES ? hotCount++ : oldest;
        hotPages[slot] = page;
        hotSince[slot] = polls;
    }

    /** How many pages are compared at every poll (for tests and the curious). */
    int hotPageCount() {
        return hotCount;
    }

    /** Frees the copy; the region stays open (its owner closes it). */
    @Override
    public void close() {
        copyArena.close();
    }
}
