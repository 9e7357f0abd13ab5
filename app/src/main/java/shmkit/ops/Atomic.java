package shmkit.ops;

import shmkit.segment.Segment;
import shmkit.segment.SegmentName;
import shmkit.segment.WritableSegment;
import shmkit.value.Atomics;
import shmkit.value.ValueType;

/**
 * shm add and shm cas: one aligned value updated atomically in place, with the processor's locked
 * instructions, so shm and C peers ({@code __atomic_fetch_add}) update one counter together and
 * lose nothing. --lock also makes it wait for (and exclude) fcntl lockers of those bytes.
 */
public final class Atomic {
    private final Env env;
    private final SegmentName name;
    private final long offset;
    private final ValueType type;
    private final LockSpec lock;

    public Atomic(Env env, SegmentName name, long offset, ValueType type, LockSpec lock) {
        this.env = env;
        this.name = name;
        this.offset = offset;
        this.type = type;
        this.lock = lock;
    }

    /** Adds {@code delta} (bits as ValueType.parseDelta gives them); returns the new value's bits. */
    public long add(long delta) {
        try (WritableSegment segment = env.opener().openWritable(name)) {
            segment.checkRange(offset, type.size());
            try (Segment.Held held = lock.exclusive(segment, offset, type.size())) {
                return Atomics.addAndGet(type, segment.memory(), offset, delta);
            }
        }
    }

    /** Sets the value to {@code update} if it holds {@code expected}; returns the bits found (equal exactly when swapped). */
    public long compareAndSet(long expected, long update) {
        try (WritableSegment segment = env.opener().openWritable(name)) {
            segment.checkRange(offset, type.size());
            try (Segment.Held held = lock.exclusive(segment, offset, type.size())) {
                return Atomics.compareAndExchange(type, segment.memory(), offset, expected, update);
            }
        }
    }
}
