package shmkit.segment;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import shmkit.ShmException;
import shmkit.sys.SysvCalls;

/**
 * A System V segment, attached with shmat: it has no file, so the attached memory is everything,
 * positional reads and writes included (copies to and from it). The attachment lives exactly as
 * long as this backing's arena: closing it detaches (shmdt), and memory handed out from it is then
 * refused by the arena rather than touched. Read-only opens attach with SHM_RDONLY and see the
 * memory as read-only too, so nothing here can write into a segment opened for reading.
 *
 * <p>The memory cannot fault: a System V segment never shrinks, and one removed (IPC_RMID) while
 * attached stays until its last process detaches. What became of it is read from
 * /proc/sysvipc/shm: gone, or marked for removal (SHM_DEST).
 */
final class SysvBacking extends Backing {
    /** Copies out to a channel at most this many bytes at a time. */
    private static final int CHUNK = 1 << 20;

    private final int id;
    /** Marked for removal already when opened (reached by id after IPC_RMID): then only its end is news. */
    private final boolean markedWhenOpened;
    /** Shared: a dump may read from a helper thread; the attachment is this arena's. */
    private final Arena arena = Arena.ofShared();
    private final MemorySegment memory;

    SysvBacking(int id, long address, long size, boolean writable, boolean markedWhenOpened) {
        this.id = id;
        this.markedWhenOpened = markedWhenOpened;
        MemorySegment attached = MemorySegment.ofAddress(address).reinterpret(size, arena, unused -> SysvCalls.detach(address));
        this.memory = writable ? attached : attached.asReadOnly();
    }

    @Override
    int read(ByteBuffer buffer, long position) {
        if (position >= memory.byteSize()) {
            return -1;
        }
        int n = (int) Math.min(buffer.remaining(), memory.byteSize() - position);
        MemorySegment.copy(memory, position, MemorySegment.ofBuffer(buffer), 0, n);
        buffer.position(buffer.position() + n);
        return n;
    }

    @Override
    int write(ByteBuffer buffer, long position) {
        int n = (int) Math.min(buffer.remaining(), memory.byteSize() - position);
        MemorySegment.copy(MemorySegment.ofBuffer(buffer), 0, memory, position, n);
        buffer.position(buffer.position() + n);
        return n;
    }

    @Override
    long size() {
        return memory.byteSize();
    }

    @Override
    long transferTo(long position, long count, WritableByteChannel out) throws IOException {
        ByteBuffer bytes = chunk(position, count);
        long sent = 0;
        while (bytes.hasRemaining()) {
            sent += out.write(bytes);
        }
        return sent;
    }

    @Override
    long transferFrom(FileChannel in, long position, long count) throws IOException {
        ByteBuffer bytes = chunk(position, count);
        while (bytes.hasRemaining()) {
            if (in.read(bytes) < 0) {
                break;
            }
        }
        return bytes.position();
    }

    /** At most {@link #CHUNK} of the {@code count} bytes from {@code position}, as a buffer over the memory (empty past the end). */
    private ByteBuffer chunk(long position, long count) {
        long n = Math.max(0, Math.min(Math.min(count, CHUNK), memory.byteSize() - position));
        return memory.asSlice(Math.min(position, memory.byteSize()), n).asByteBuffer();
    }

    @Override
    MemorySegment map(long offset, long length, boolean writable, Arena into) {
        return memory.asSlice(offset, length);
    }

    @Override
    FileChannel lockable(SegmentName name) {
        throw new ShmException(ShmException.Reason.BAD_USAGE, name + " is a System V segment, which has no file to hold "
                + "fcntl record locks; its programs coordinate through semaphores (semop) or the memory itself (shm add, shm cas)");
    }

    @Override
    Object identity() {
        return "sysv:" + id;
    }

    @Override
    Change change(SegmentName name, long size) {
        Sysv.Entry now = null;
        for (Sysv.Entry entry : Sysv.table()) {
            if (entry.id() == id) {
                now = entry;
            }
        }
        if (now == null) {
            return new Change(Change.Kind.REMOVED, name + " was removed (IPC_RMID)", -1);
        }
        if (now.markedForRemoval() && !markedWhenOpened) {
            return new Change(Change.Kind.REMOVED, name + " was marked for removal (IPC_RMID; it goes when the last "
                    + "process detaches)", -1);
        }
        return null;
    }

    @Override
    void close() {
        arena.close();
    }
}
