package shmkit.ops;

import java.time.Duration;
import shmkit.segment.Segment;
import shmkit.segment.WritableSegment;

/**
 * --lock and --lock-timeout: whether to hold a POSIX record lock (fcntl) on exactly the bytes an
 * operation touches, shared to read and exclusive to write, and how long to wait for it.
 *
 * @param timeout null to wait as long as it takes
 */
public record LockSpec(boolean enabled, Duration timeout) {
    public static final LockSpec NONE = new LockSpec(false, null);

    /** A shared lock on the range when enabled, else null; close it once the bytes are read. */
    public Segment.Held shared(Segment segment, long offset, long length) {
        return enabled ? segment.lockShared(offset, length, timeout) : null;
    }

    /** An exclusive lock on the range when enabled, else null; close it once the bytes are written. */
    public Segment.Held exclusive(WritableSegment segment, long offset, long length) {
        return enabled ? segment.lockExclusive(offset, length, timeout) : null;
    }
}
