package shmkit.watch;

/**
 * Turns a watched range's bytes into the one line watch prints for them (without the newline).
 * The seam for value formats: text, hex and escaped bytes here ({@link LineFormats}); typed values
 * and layouts plug in as further implementations.
 */
@FunctionalInterface
public interface LineFormat {
    /**
     * @param bytes the range's bytes, read as needed (a large range costs only what the line shows);
     *              valid only during the call
     * @return one line: no newline in it, nothing that could drive a terminal
     */
    String format(WatchedBytes bytes);
}
