package shmkit.watch;

import java.lang.foreign.MemorySegment;
import java.util.function.BooleanSupplier;
import shmkit.segment.Memory;
import shmkit.segment.Segment;

/**
 * A {@link Watcher}'s way for a range of up to {@link Watcher#COPY_UP_TO} bytes: a private copy of
 * all of it (a heap array as large as the range, 16 MiB at most: an arena's first allocation
 * spins method-handle classes, milliseconds of every watch's start), compared with the segment's
 * mapped {@link Memory}. Its bytes are exact: the copy is what listeners read.
 *
 * <p>A range of up to {@link Watcher#WHOLE} bytes is compared whole at every poll (a few hundred ns for
 * 8 KiB). A larger one is split into pages: the pages that changed lately are compared at every poll,
 * and the rest is scanned a slice per poll, paced so that the scan uses at most its share of one core.
 * A writer that keeps writing the same place is thus seen as fast as in a small region, and a change
 * anywhere else within one full pass; a screen can ask for what it shows to be compared at every poll
 * too ({@link #focus}).
 */
final class WholeCopy implements Watcher.Comparison {
    private final long offset;
    private final long length;
    private final Memory live;
    private final MemorySegment copy;
    private final WatchedBytes value;
    private final ScanPace pace;
    private final BooleanSupplier scanSlice = this::scanSlice;

    private final long[] hotPages = new long[Watcher.HOT_PAGES];
    private final long[] hotSince = new long[Watcher.HOT_PAGES];
    private int hotCount;
    private long focusFrom;
    private long focusLength;
    private long polls;
    private long scanCursor;

    /** Copies the range's current bytes: what later polls compare against. */
    WholeCopy(Segment segment, long offset, long length, ScanPace pace) {
        this.offset = offset;
        this.length = length;
        this.pace = pace;
        this.copy = MemorySegment.ofArray(new byte[Math.toIntExact(length)]);
        this.value = WatchedBytes.of(copy.asReadOnly());
        this.live = segment.memory();
        live.copyTo(offset, copy, 0, length);
    }

    @Override
    public WatchedBytes value() {
        return value;
    }

    @Override
    public void focus(long from, long length) {
        focusFrom = from;
        focusLength = length;
    }

    @Override
    public boolean compare() {
        polls++;
        if (length <= Watcher.WHOLE) {
            long at = live.mismatch(offset, copy, 0, length);
            if (at < 0) {
                return false;
            }
            live.copyTo(offset + at, copy, at, length - at);
            return true;
        }
        boolean changed = focusLength > 0 && refreshPages(focusFrom, focusLength);
        for (int i = 0; i < hotCount; i++) {
            long page = hotPages[i];
            if (refreshPages(page * Watcher.PAGE, Math.min(Watcher.PAGE, length - page * Watcher.PAGE))) {
                changed = true;
            }
        }
        return pace.run(scanSlice) | changed;
    }

    private boolean scanSlice() {
        long n = Math.min(Watcher.SLICE, length - scanCursor);
        boolean changed = refreshPages(scanCursor, n);
        scanCursor = scanCursor + n == length ? 0 : scanCursor + n;
        return changed;
    }

    /** Copies each page of [from, from+n) that differs, marking it hot; says whether any did. */
    private boolean refreshPages(long from, long n) {
        long end = from + n;
        long at = live.mismatch(offset + from, copy, from, n);
        if (at < 0) {
            return false;
        }
        long position = from + at;
        while (position < end) {
            long page = position / Watcher.PAGE;
            long pageEnd = Math.min((page + 1) * Watcher.PAGE, end);
            live.copyTo(offset + position, copy, position, pageEnd - position);
            markHot(page);
            if (pageEnd == end) {
                break;
            }
            long next = live.mismatch(offset + pageEnd, copy, pageEnd, end - pageEnd);
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
        int slot = hotCount < Watcher.HOT_PAGES ? hotCount++ : oldest;
        hotPages[slot] = page;
        hotSince[slot] = polls;
    }

    @Override
    public int hotPageCount() {
        return hotCount;
    }

    /** Nothing to free: the copy is the garbage collector's. */
    @Override
    public void close() {
    }
}
