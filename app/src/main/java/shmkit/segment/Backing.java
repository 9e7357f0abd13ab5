package shmkit.segment;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * How a {@link Segment} reaches its bytes: through an open file ({@link FileBacking}: a POSIX
 * object, a file, a memfd or a process's shared mapping opened through /proc), or through memory
 * attached with shmat ({@link SysvBacking}: a System V segment has no file). Segment does the
 * checking, the guarding and the wording around these calls; a backing only moves bytes and says
 * what became of what it holds. A class with package-private methods: nothing outside segment/
 * gets at its memory.
 */
abstract sealed class Backing permits FileBacking, SysvBacking {
    /** Reads into {@code buffer} from {@code position}: how many bytes, or -1 at the end. */
    abstract int read(ByteBuffer buffer, long position) throws IOException;

    /** Writes from {@code buffer} at {@code position}: how many bytes. */
    abstract int write(ByteBuffer buffer, long position) throws IOException;

    /** The size now (a file may have shrunk or grown since it was opened). */
    abstract long size() throws IOException;

    /** Sends up to {@code count} bytes from {@code position} to {@code out}: how many went. */
    abstract long transferTo(long position, long count, WritableByteChannel out) throws IOException;

    /**
     * Takes up to {@code count} bytes from the file {@code in} (from its position, which moves on) into
     * {@code position}: how many came, 0 at the input's end. Where both are files the kernel moves
     * them (copy_file_range), so no byte passes through this process.
     */
    abstract long transferFrom(FileChannel in, long position, long count) throws IOException;

    /** The bytes {@code [offset, offset + length)} as memory valid until {@code into} closes (or the backing does). */
    abstract MemorySegment map(long offset, long length, boolean writable, Arena into) throws IOException;

    /** The channel fcntl record locks go through; a backing without a file refuses, saying why. */
    abstract FileChannel lockable(SegmentName name);

    /** What became of the segment since it was opened at {@code size} bytes, or null when it looks the same. */
    abstract Change change(SegmentName name, long size);

    /** What this is, the same for two openings of the same memory (a file's device and inode, a System V id). */
    abstract Object identity();

    abstract void close() throws IOException;
}
