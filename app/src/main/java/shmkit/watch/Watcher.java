package shmkit.watch;

import java.util.function.LongSupplier;
import java.util.function.BooleanSupplier;
import shmkit.ShmException;
import shmkit.segment.Change;
import shmkit.segment.Segment;

/**
 * Sees another process's writes to a range of a region by comparing the range with what it held
 * before: no counter, no cooperation from the writer, any language on the other side. Must be used
 * from the thread that opened the region (its mapping is confined to it); owns what it compares
 * against, freed by {@link #close()}, in one of three ways chosen by the range's size:
 *
 * <ul>
 * <li>up to {@link #READ_UP_TO} bytes, a copy read afresh at every poll by positional I/O
 *     ({@link ReadCopy}): no mapping at all, so a short watch starts as cheaply as a read;</li>
 * <li>up to {@link #COPY_UP_TO} bytes, a private copy of the whole range ({@link WholeCopy}): exact,
 *     and as large as the range;</li>
 * <li>beyond, a fingerprint of each page plus copies of the few pages that matter now
 *     ({@link PageFingerprints}): about 2.5 MiB for a gigabyte, read in the background through the
 *     file rather than the mapping, so the range's pages never become resident.</li>
 * </ul>
 *
 * Either way the pages that changed lately and those a screen shows ({@link #focus}) are compared at
 * every poll, and the rest in a background scan paced to {@code scanShare} of one core.
 */
public final class Watcher implements AutoCloseable {
    /**
     * The largest range watched through a private copy of all of it. A copy costs its size twice in
     * resident memory (the copy, and the mapped pages compared with it): 16 MiB keeps a watch under
     * ~85 MiB with the JVM's own ~50, inside the 128 MiB a command may take on a gigabyte segment, and
     * it is the longest line a format shows ({@link LineFormats#LINE_LIMIT}), so every range printed
     * whole (escaped bytes, hex) has the exact path.
     */
    static final long COPY_UP_TO = LineFormats.LINE_LIMIT;
    /**
     * The largest range read afresh at every poll rather than compared through the mapping: one
     * page, whose read costs a poll a system call of a microsecond or two (a mapped comparison of it
     * ~0.1 µs), while the mapping's first use costs a short watch ~15 ms of CPU at its start.
     */
    static final long READ_UP_TO = 4096;
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

    /** One way of finding changes: compares, keeps what it compares against, hands out the bytes. */
    sealed interface Comparison permits ReadCopy, WholeCopy, PageFingerprints {
        /** Compares and brings its state up to date; says whether any byte differed. The segment's memory guards every access. */
        boolean compare();

        WatchedBytes value();

        /** Compares these bytes (clamped to the range) at every poll too. */
        void focus(long from, long length);

        /** How many changed pages are compared at every poll (tests). */
        int hotPageCount();

        void close();
    }

    private final Segment region;
    private final long offset;
    private final long length;
    private final Comparison comparison;
    private final BooleanSupplier compare;
    /** Whether {@link #close()} closes the region too (a watch that reopens the name owns what it opened). */
    private boolean ownsRegion;

    /**
     * Starts watching {@code length} bytes at {@code offset}: the current bytes become what later
     * polls compare against. The range must lie inside the region (checked here).
     *
     * @param scanShare the share of one core the background scan of a large range may use; 1 scans at every poll
     */
    public Watcher(Segment region, long offset, long length, double scanShare) {
        this(region, offset, length, scanShare, System::nanoTime);
    }

    Watcher(Segment region, long offset, long length, double scanShare, LongSupplier clock) {
        this(region, offset, length, scanShare, clock, COPY_UP_TO, PageFingerprints.MAX_BLOCKS);
    }

    /** With the size limits of the two ways as parameters, so tests take the large way on small files. */
    Watcher(Segment region, long offset, long length, double scanShare, LongSupplier clock, long copyUpTo,
            int maxBlocks) {
        region.checkRange(offset, length);
        if (length == 0) {
            throw ShmException.usage("nothing to watch: the range at offset " + offset + " of " + region.name()
                    + " (" + region.size() + " bytes) is empty");
        }
        this.region = region;
        this.offset = offset;
        this.length = length;
        ScanPace pace = new ScanPace(Math.clamp(scanShare, 1e-6, 1), clock);
        this.comparison = length <= Math.min(READ_UP_TO, copyUpTo) ? new ReadCopy(region, offset, length)
                : length <= copyUpTo ? new WholeCopy(region, offset, length, pace)
                : new PageFingerprints(region, offset, length, pace, maxBlocks);
        this.compare = comparison::compare;
    }

    /**
     * The range's bytes: as the last poll saw them where the watch keeps a copy (a small range, and
     * the pages of a large one that are compared at every poll), else as they are now. Valid until close.
     */
    public WatchedBytes value() {
        return comparison.value();
    }

    public long length() {
        return length;
    }

    /** Where the range starts in the segment. */
    public long offset() {
        return offset;
    }

    /** The segment's size when it was opened. */
    public long segmentSize() {
        return region.size();
    }

    /** Closes the region with the watcher: for a watch that opens the name itself ({@link Target}). */
    Watcher owning() {
        ownsRegion = true;
        return this;
    }

    /** What became of the segment since it was opened (a stat): null when nothing, or when it cannot be looked at. */
    Change change() {
        try {
            return region.change();
        } catch (ShmException e) {
            return null; // the name cannot be looked at now: the next look, or an access, will tell
        }
    }

    /** Whether the two watch the same file (not only the same name). */
    boolean sameFile(Segment other) {
        return region.sameFile(other);
    }

    Segment region() {
        return region;
    }

    /**
     * Compares the range (or, when it is large, its hot pages and the next slice of the scan) with
     * what it held, brings that up to date, and says whether any byte differed. A fault in mapped
     * memory (the file shrank) or a read past the end of a file that shrank becomes a ShmException saying so.
     */
    public boolean pollOnce() {
        return compare.getAsBoolean();
    }

    /**
     * Compares these bytes of a large range at every poll, like the pages that changed lately: what a
     * screen shows. Relative to the range's start; clamped to it. Free for a range compared whole anyway.
     */
    public void focus(long from, long length) {
        long start = Math.clamp(from, 0, this.length);
        comparison.focus(start, Math.clamp(length, 0, this.length - start));
    }

    /**
     * Ends the watch when the segment's file is no longer what was mapped: removed or replaced (which
     * do not fault: the old file stays mapped, so polling alone would watch a ghost) or shrunk. A
     * file that grew still holds the range unchanged, so it is watched on. A stat, a few microseconds.
     */
    public void checkSegment() {
        Change change = region.harmfulChange();
        if (change != null) {
            throw change.failure(" while in use; stopped", null);
        }
    }

    /** A fault the JVM reported outside {@link #pollOnce()}, in the segment's one wording of faults. */
    ShmException faulted(InternalError fault) {
        return region.faulted(fault);
    }

    /** How many recently changed pages are compared at every poll (for tests and the curious). */
    int hotPageCount() {
        return comparison.hotPageCount();
    }

    /** Frees what the watch compares against; the region stays open unless the watcher owns it. */
    @Override
    public void close() {
        try {
            comparison.close();
        } finally {
            if (ownsRegion) {
                region.close();
            }
        }
    }
}
