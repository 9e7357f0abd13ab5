package shmkit;

/**
 * The one failure type of shm: carries the exit status and a one-line message naming the problem
 * and the value. The CLI prints the message alone (the trace only with SHM_DEBUG=1).
 */
public final class ShmException extends RuntimeException {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int TIMEOUT = 124;
    public static final int INTERRUPTED = 130;

    private final int status;

    public ShmException(int status, String message) {
        this(status, message, null);
    }

    public ShmException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** A runtime failure (exit 1): missing segment, I/O, permission, segment changed under us. */
    public static ShmException failure(String message) {
        return new ShmException(FAILURE, message);
    }

    public static ShmException failure(String message, Throwable cause) {
        return new ShmException(FAILURE, message, cause);
    }

    /** Bad input (exit 2): a value that cannot be used, found after parsing. */
    public static ShmException usage(String message) {
        return new ShmException(USAGE, message);
    }

    /** Ends the command silently with the given status (a closed pipe, a lost race told already). */
    public static ShmException quiet(int status) {
        return new ShmException(status, null);
    }

    public int status() {
        return status;
    }

    public boolean isQuiet() {
        return getMessage() == null;
    }
}
