package shmkit.ops;

import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/** Standard input as operations see it: a stream, a channel, and its length when it is a regular file. */
public interface Input {
    InputStream stream();

    /** The file's own channel when it is one, so bulk copies skip a copy. */
    ReadableByteChannel channel();

    /** How many bytes a regular file redirected with '<' still holds, else -1 (a pipe has no length until it ends). */
    long remaining();

    /** The channel of a regular file (which can be read twice), else null. */
    FileChannel file();
}
