package shmkit.ops;

import java.util.function.LongConsumer;

/**
 * Progress of long work, told the bytes done so far; how (or whether) it shows is the caller's
 * business (cli.Progress draws a bar on a terminal for big work, and nothing otherwise).
 */
public interface Meter extends LongConsumer, AutoCloseable {
    @Override
    void close();

    /** Starts a meter for {@code total} bytes of {@code task} (a command's name); -1 when the total is not known. */
    @FunctionalInterface
    interface Factory {
        Meter start(String task, long total);
    }

    Meter NONE = new Meter() {
        @Override
        public void accept(long done) {
        }

        @Override
        public void close() {
        }
    };

    Factory SILENT = (task, total) -> NONE;
}
