package shmkit.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;

/** Standard output as operations see it: raw bytes, a channel for bulk transfers, and whether a person reads it. */
public interface Output {
    /** Raw bytes; a closed pipe surfaces as a quiet ShmException, other failures as one line. */
    OutputStream stream();

    /**
     * Hands bulk bytes to standard output through {@code transfer}: straight to the file descriptor
     * when there is one (so the kernel can move them), else through {@link #stream()}.
     */
    void transfer(Transfer transfer) throws IOException;

    /** A bulk copy to a channel. */
    @FunctionalInterface
    interface Transfer {
        void to(WritableByteChannel channel) throws IOException;
    }

    /** Whether a terminal shows it: bytes then go out escaped, never raw. */
    boolean terminal();
}
