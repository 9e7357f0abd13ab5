package shmkit.ops;

import shmkit.segment.Segment;
import shmkit.segment.SegmentName;
import shmkit.segment.Segments;
import shmkit.segment.WritableSegment;

/**
 * How an operation gets the segment it names: opens it, or, in the shell, borrows the one the
 * shell holds (closing a borrowed segment leaves it open). The shell's own opener is in cli/shell.
 */
public interface Opener {
    Segment open(SegmentName name);

    WritableSegment openWritable(SegmentName name);

    /** Opens by name every time: a command run on its own. */
    Opener DIRECT = new Opener() {
        @Override
        public Segment open(SegmentName name) {
            return Segments.open(name);
        }

        @Override
        public WritableSegment openWritable(SegmentName name) {
            return Segments.openWritable(name);
        }
    };
}
