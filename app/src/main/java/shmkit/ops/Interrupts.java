package shmkit.ops;

/**
 * How a long operation is asked to stop: a signal (SIGINT, SIGTERM) to the process, or Ctrl-C in
 * the shell, which owns the terminal. An operation that can stop cleanly (say what it did, leave
 * nothing behind) registers how with {@link #during}; while none is registered a signal has the
 * JVM's usual effect. One per process or shell; the signal wiring itself is the caller's
 * ({@code cli.Signals}), so the core stays free of it and tests call {@link #interrupt} directly.
 */
public class Interrupts {
    /** What an operation does when asked to stop; called from another thread. */
    @FunctionalInterface
    public interface Stop {
        /** @param signal 2 for SIGINT (Ctrl-C), 15 for SIGTERM */
        void stop(int signal);
    }

    /**
     * A stop that may take as long as it takes, which no deadline may cut short: 'shm lock' waits for
     * its command to end before the lock goes, however long the command takes to react.
     */
    public interface Patient extends Stop {}

    public static final int SIGINT = 2;
    public static final int SIGTERM = 15;

    private volatile Stop current;

    /** Routes stop requests to {@code stop} until the returned handle is closed. */
    public Registration during(Stop stop) {
        Stop previous = current;
        current = stop;
        return () -> current = previous;
    }

    /** Asks the registered operation to stop; false when none is registered. */
    public boolean interrupt(int signal) {
        Stop stop = current;
        if (stop == null) {
            return false;
        }
        stop.stop(signal);
        return true;
    }

    /** Whether the registered operation is {@link Patient}. */
    public boolean patient() {
        return current instanceof Patient;
    }

    /** Whether an operation is registered. */
    public boolean registered() {
        return current != null;
    }

    /** Ends a registration; closing never fails. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * A flag an operation's loop tests between chunks: the signal that asked it to stop, or 0. One made
     * {@link #closing} also closes the input the operation reads, so a read blocked on a pipe returns
     * at once (AsynchronousCloseException) while writes in flight finish: what went in stays exact.
     */
    public static final class Flag implements Stop {
        private volatile int signal;
        private final java.io.Closeable input;

        public Flag() {
            this(null);
        }

        private Flag(java.io.Closeable input) {
            this.input = input;
        }

        /** A flag that also closes {@code input} when raised. */
        public static Flag closing(java.io.Closeable input) {
            return new Flag(input);
        }

        @Override
        public void stop(int signal) {
            this.signal = signal;
            if (input != null) {
                try {
                    input.close();
                } catch (java.io.IOException ignored) {
                    // closing is how the read is told to end; a failure to close changes nothing
                }
            }
        }

        public boolean raised() {
            return signal != 0;
        }

        public int signal() {
            return signal;
        }
    }
}
