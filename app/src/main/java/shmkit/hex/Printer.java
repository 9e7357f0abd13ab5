package shmkit.hex;

import java.io.IOException;

/**
 * One dump in progress, in any layout: takes bytes in pieces of any size (a line may straddle two
 * pieces) and must be finished, which prints the last partial line and whatever marks the end.
 * Not thread-safe.
 */
public interface Printer extends AutoCloseable {
    void write(byte[] data, int from, int length) throws IOException;

    /** Prints what is pending and what marks the end, and flushes the stream. */
    void finish() throws IOException;

    /** Lets go of what the dump held (a helper thread), finished or not; prints nothing. */
    @Override
    default void close() {
    }
}
