package shmkit.ops;

import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/** Standard input as operations see it: a stream, a channel, and the file when it is a regular one. */
public interface Input {
    InputStream stream();

    /** The file's own channel when it is one, so bulk copies skip a copy. */
    ReadableByteChannel channel();

    /** The channel of a regular file redirected with '<' (its length known, and it can be read twice), else null. */
    FileChannel file();
}
