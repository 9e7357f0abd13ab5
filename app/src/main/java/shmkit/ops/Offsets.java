package shmkit.ops;

import shmkit.ShmException;
import shmkit.segment.Segment;

/**
 * An --offset as commands take it: 0 or more from the start, or negative, counting back from the end
 * ({@code -16}: the last 16 bytes, as {@code xxd -s -16}). Resolved here, once the segment's size is known.
 */
public final class Offsets {
    private Offsets() {}

    /** The offset in the segment; one reaching before its start is refused, as xxd refuses it ("cannot seek"). */
    public static long resolve(long offset, Segment segment) {
        if (offset >= 0) {
            return offset;
        }
        long size = segment.size();
        if (-offset > size) {
            long before = -offset - size;
            throw new ShmException(ShmException.Reason.OUT_OF_RANGE, "--offset " + offset + " reaches " + before
                    + (before == 1 ? " byte" : " bytes") + " before the start of " + segment.name() + " (" + size + " bytes)");
        }
        return size + offset;
    }
}
