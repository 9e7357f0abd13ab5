package shmkit.watch;

import java.util.function.Function;
import shmkit.ShmException;
import shmkit.segment.Segment;
import shmkit.segment.SegmentName;
import shmkit.segment.Segments;

/**
 * What a watch watches: a segment by name and a range of it, resolved against the segment each time
 * the name is opened, at the start and, when the watch waits or follows, again after the name
 * changed (a range "to the end" then ends at the new end). Holds no segment itself.
 */
public final class Target {
    private final SegmentName name;
    private final Function<SegmentName, Segment> firstOpen;
    private final long offset;
    private final Long length;
    private final long lineLimit;
    private final double scanShare;

    /**
     * @param firstOpen opens the name the first time (the shell lends its own segment); later opens go
     *                  by name, to whatever the name holds then
     * @param offset    where the range starts; negative counts back from the end of the segment
     * @param length    its length; null for "to the end of the segment"
     * @param lineLimit the longest range whose lines can be printed (a longer one is refused as a usage
     *                  error); Long.MAX_VALUE where no line shows the whole range
     * @param scanShare the share of one core the background scan of a large range may use
     */
    public Target(SegmentName name, Function<SegmentName, Segment> firstOpen, long offset, Long length, long lineLimit,
                  double scanShare) {
        this.name = name;
        this.firstOpen = firstOpen;
        this.offset = offset;
        this.length = length;
        this.lineLimit = lineLimit;
        this.scanShare = scanShare;
    }

    /** The name as the user gave it, for events. */
    public String name() {
        return name.arg();
    }

    /** Opens what the name holds now: a ShmException with reason NOT_FOUND when nothing does. */
    Segment open(boolean first) {
        return first ? firstOpen.apply(name) : Segments.open(name);
    }

    /** Whether a segment of {@code size} bytes holds the whole range, and the range is not empty. */
    boolean fits(long size) {
        long start = start(size);
        return start >= 0 && start <= size && (length == null ? size - start > 0 : length > 0 && length <= size - start);
    }

    /**
     * Watches the range in {@code segment}, which the watcher then owns (closed with it, or here when
     * refused): refused as a usage error or out of range as an ordinary start would be.
     */
    Watcher watch(Segment segment) {
        try {
            long size = segment.size();
            long start = segment.offsetFrom(offset);
            long bytes = length != null ? length : Math.max(0, size - start);
            segment.checkRange(start, bytes);
            if (bytes > lineLimit) {
                throw ShmException.usage("lines of " + bytes + " bytes are too long to print (at most "
                        + lineLimit + "); watch a part with --length, or use --text");
            }
            return new Watcher(segment, start, bytes, scanShare).owning();
        } catch (RuntimeException e) {
            segment.close();
            throw e;
        }
    }

    private long start(long size) {
        return offset >= 0 ? offset : size + offset;
    }
}
