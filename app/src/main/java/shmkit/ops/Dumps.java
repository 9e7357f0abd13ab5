package shmkit.ops;

import java.io.IOException;
import shmkit.hex.HexDumper;
import shmkit.segment.Segment;
import shmkit.segment.SegmentName;

/** shm dump's work: a range through a {@link HexDumper} onto standard output, a bounded chunk at a time. */
public final class Dumps {
    private final Env env;

    public Dumps(Env env) {
        this.env = env;
    }

    /** Dumps {@code length} bytes at {@code offset} (null: to the end); progress only into a file or pipe. */
    public void dump(SegmentName name, long offset, Long length, HexDumper dumper, LockSpec lock) throws IOException {
        try (Segment segment = env.opener().open(name)) {
            long n = length != null ? length : Math.max(0, segment.size() - offset);
            segment.checkRange(offset, n);
            try (Segment.Held held = lock.shared(segment, offset, n);
                 Meter meter = env.out().terminal() ? Meter.NONE : env.meters().start("dump", n)) {
                HexDumper.Session session = dumper.start(env.out().stream(), offset);
                long[] done = {0};
                segment.chunks(offset, n, (bytes, count) -> {
                    session.write(bytes, 0, count);
                    meter.accept(done[0] += count);
                    return true;
                });
                session.finish();
            }
        }
    }
}
