package shmkit.segment;

import shmkit.ShmException;

/**
 * What became of a segment since it was opened, as a stat of its name and its open file tell.
 *
 * @param kind    what happened
 * @param message says it, naming the segment and the sizes: "'demo' shrank from 4096 to 100 bytes"
 * @param size    the size the name holds now (of the new file, when replaced); -1 when removed
 */
public record Change(Kind kind, String message, long size) {
    public enum Kind {
        REMOVED(ShmException.Reason.REMOVED),
        REPLACED(ShmException.Reason.REPLACED),
        SHRANK(ShmException.Reason.SHRANK),
        GREW(null);

        private final ShmException.Reason reason;

        Kind(ShmException.Reason reason) {
            this.reason = reason;
        }
    }

    /** Removed, replaced or shrunk: what was read or written is not what the name holds now. */
    public boolean harmful() {
        return kind != Kind.GREW;
    }

    /** The failure to report for a harmful change, its message followed by {@code tail}. */
    public ShmException failure(String tail, Throwable cause) {
        return new ShmException(kind.reason == null ? ShmException.Reason.FAILED : kind.reason, message + tail, cause);
    }
}
