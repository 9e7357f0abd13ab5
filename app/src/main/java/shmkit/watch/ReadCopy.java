package shmkit.watch;

import java.nio.ByteBuffer;
import java.util.Arrays;
import shmkit.segment.Segment;

/**
 * A {@link Watcher}'s way for a range of up to {@link Watcher#READ_UP_TO} bytes (a counter, a flag,
 * a struct): read whole at every poll by positional I/O into a second array, compared with the copy
 * the last poll kept, and swapped in when it differs. No mapping and no memory segment: the first
 * mapped access of a run initializes the FFM's layouts and method handles, which the AOT cache cannot
 * keep, and that was a fifth of a short watch's CPU (docs/benchmarks.md). A read of a few bytes
 * costs a poll a system call, a microsecond or two against the 15-40 µs of the timer wake-up before
 * it. The segment turns a read past the end of a file that shrank into the failure that says so.
 */
final class ReadCopy implements Watcher.Comparison, WatchedBytes {
    private final Segment region;
    private final long offset;
    private byte[] copy;
    private byte[] fresh;
    private ByteBuffer freshBuffer;

    /** Reads the range's current bytes: what later polls compare against. */
    ReadCopy(Segment region, long offset, long length) {
        this.region = region;
        this.offset = offset;
        this.copy = region.read(offset, Math.toIntExact(length));
        this.fresh = new byte[copy.length];
        this.freshBuffer = ByteBuffer.wrap(fresh);
    }

    @Override
    public boolean compare() {
        freshBuffer.clear();
        region.readFully(offset, freshBuffer);
        if (Arrays.equals(copy, fresh)) {
            return false;
        }
        byte[] old = copy;
        copy = fresh;
        fresh = old;
        freshBuffer = ByteBuffer.wrap(fresh);
        return true;
    }

    @Override
    public WatchedBytes value() {
        return this;
    }

    @Override
    public long length() {
        return copy.length;
    }

    /** From the copy the last poll kept. */
    @Override
    public void copy(long from, byte[] into, int at, int n) {
        System.arraycopy(copy, Math.toIntExact(from), into, at, n);
    }

    /** Nothing to do: the whole range is compared at every poll. */
    @Override
    public void focus(long from, long length) {
    }

    @Override
    public int hotPageCount() {
        return 0;
    }

    /** Nothing to free: both arrays are the garbage collector's. */
    @Override
    public void close() {
    }
}
