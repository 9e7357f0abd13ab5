package shmkit.ops;

import java.io.IOException;
import shmkit.hex.DumpFormat;
import shmkit.hex.Printer;
import shmkit.segment.Segment;
import shmkit.segment.SegmentName;

/**
 * shm dump's work: a range through a {@link DumpFormat}'s printer onto standard output, a bounded
 * chunk at a time. Past the end the dump stops there, as xxd, hexdump, od and hexyl stop (read,
 * strict, refuses a range past the end instead).
 */
public final class Dumps {
    private final Env env;

    public Dumps(Env env) {
        this.env = env;
    }

    /**
     * Dumps {@code length} bytes at {@code offset} (null: to the end; negative offset: from the end);
     * an offset at or past the end prints what the layout prints for no bytes. Progress only into a
     * file or pipe.
     */
    public void dump(SegmentName name, long offset, Long length, DumpFormat format, LockSpec lock) throws IOException {
        try (Segment segment = env.opener().open(name)) {
            long size = segment.size();
            long at = Math.min(segment.offsetFrom(offset), size);
            long n = length == null ? size - at : Math.min(length, size - at);
            try (Segment.Held held = lock.shared(segment, at, n);
                 Meter meter = env.out().terminal() ? Meter.NONE : env.meters().start("dump", n)) {
                try (Printer printer = format.start(env.out().stream(), at, length != null && length == 0)) {
                    long[] done = {0};
                    if (n > 0) {
                        segment.chunks(at, n, (bytes, count) -> {
                            printer.write(bytes, 0, count);
                            meter.accept(done[0] += count);
                            return true;
                        });
                    }
                    printer.finish();
                }
            }
        }
    }
}
