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

    /** Whether an operation is registered. */
    public boolean registered() {
        return current != null;
    }

    /** Ends a registration; closing never fails. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** A flag an operation's loop tests between chunks: the signal that asked it to stop, or 0. */
    public static final class Flag implements Stop {
        private volatile int signal;

        @Override
        public void stop(int signal) {
            this.signal = signal;
        }

        public boolean raised() {
            return signal != 0;
        }

        public int signal() {
            return signal;
        }
    }
}
