package shmkit.segment;

import java.lang.foreign.MemorySegment;
import shmkit.ShmException;

/**
 * Memory of our own seen as {@link Memory}: a copy taken earlier, a test's array or allocation.
 * Not a mapping of a file, so nothing here can fault.
 */
final class OwnMemory extends AbstractMemory {
    private final MemorySegment bytes;

    OwnMemory(MemorySegment bytes) {
        super(bytes.byteSize());
        this.bytes = bytes;
    }

    @Override
    MemorySegment cover(long offset, long length) {
        return bytes;
    }

    @Override
    long start() {
        return 0;
    }

    @Override
    boolean canFault() {
        return false;
    }

    @Override
    ShmException fault(InternalError fault) {
        throw fault; // not mapped memory: an InternalError here is a bug, not a segment that changed
    }

    /** Memory of our own cannot fault: compared in place. */
    @Override
    public long mismatch(long offset, MemorySegment other, long at, long length) {
        check(offset, length);
        return MemorySegment.mismatch(bytes, offset, offset + length, other, at, at + length);
    }

    @Override
    public void force(long offset, long length) {
        check(offset, length);
    }
}
